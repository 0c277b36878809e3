import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeHtml, htmlDocument, htmlTable, jsonForScript } from '../../src/report/html-page.ts';

const esc = suite('escapeHtml');
esc('escapes the five HTML specials', () => {
  assert.is(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});
esc.run();

const json = suite('jsonForScript');
json('cannot close its script element and still parses to the same value', () => {
  const value = { s: '</script><!-- & \u2028\u2029' };
  const text = jsonForScript(value);
  assert.not.match(text, /[<>&\u2028\u2029]/);
  assert.equal(JSON.parse(text), value);
});
json.run();

const table = suite('htmlTable');
table('escapes text cells and passes HTML cells with their attributes', () => {
  const html = htmlTable(['a', 'b<'], [['x&y', { html: '<b>1</b>', attrs: 'class="pass"' }]], 'heat');
  assert.is(html, '<table class="heat"><thead><tr><th>a</th><th>b&lt;</th></tr></thead>\n<tbody><tr><td>x&amp;y</td><td class="pass"><b>1</b></td></tr></tbody></table>');
});
table.run();

const doc = suite('htmlDocument');
doc('inlines the chart library, the data and the script; requests nothing', () => {
  const html = htmlDocument({ title: 'T <1>', body: '<p>hi</p>', data: { charts: [] }, script: 'console.log(1)' });
  assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">'));
  assert.match(html, /<title>T &lt;1&gt;<\/title>/);
  assert.match(html, /<script type="application\/json" id="replbench-data">\{"charts":\[\]\}<\/script>/);
  assert.match(html, /var uPlot\s*=/);
  assert.not.match(html, /<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!github\.com\/leeoniya)/);
});
doc.run();
