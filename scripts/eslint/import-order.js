// The import order of replbench, as an ESLint rule: packages (node: built-ins
// and npm packages) first, then the project's own relative imports. Within a
// group the order is free, so a merge of two import lists never fights over
// alphabetical position. `export … from` lines are not imports and are free.

/** @type {import('eslint').Rule.RuleModule} */
export const importOrder = {
  meta: {
    type: 'suggestion',
    docs: { description: 'imports from packages come before relative imports' },
    schema: [],
    messages: { order: "import of '{{pkg}}' (a package) after the relative import of '{{rel}}': packages first" },
  },
  create(context) {
    return {
      Program(program) {
        let firstRelative;
        for (const node of program.body) {
          if (node.type !== 'ImportDeclaration') continue;
          const source = String(node.source.value);
          if (source.startsWith('.')) firstRelative ??= source;
          else if (firstRelative !== undefined) context.report({ node, messageId: 'order', data: { pkg: source, rel: firstRelative } });
        }
      },
    };
  },
};
