import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chartAssets, inlineScript, inlineStyle } from '../../src/report/html-assets.ts';

const assets = suite('chartAssets');
assets('reads uPlot from node_modules once: a script defining uPlot, its stylesheet and version', () => {
  const a = chartAssets();
  assert.match(a.js, /var uPlot\s*=/);
  assert.match(a.css, /\.uplot/);
  assert.match(a.library, /^uplot \d+\.\d+\.\d+$/);
  assert.not.match(a.js, /<\/script/i);
  assert.is(chartAssets(), a);
});
assets.run();

const script = suite('inlineScript');
script('defuses </script, <!-- and <script inside script text', () => {
  assert.is(inlineScript('a="</script>";b="<!--";c="<SCRIPT"'), 'a="\\x3C/script>";b="\\x3C!--";c="\\x3CSCRIPT"');
  assert.is(inlineScript('x < y'), 'x < y');
});
script.run();

const style = suite('inlineStyle');
style('defuses </style inside style text', () => {
  assert.is(inlineStyle('a{content:"</style>"}'), 'a{content:"\\3C /style>"}');
});
style.run();
