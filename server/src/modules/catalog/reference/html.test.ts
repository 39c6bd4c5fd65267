import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DESCRIPTION_ALLOWED_TAGS, descriptionLength, sanitizeDescription } from './html.js';

const clean = (html: string) => sanitizeDescription(html).html;

describe('sanitizeDescription', () => {
  it('keeps the allowed tags as they are', () => {
    const html =
      '<h1>Title</h1><h2>a</h2><h3>b</h3><h4>c</h4><h5>d</h5><h6>e</h6>' +
      '<p>Some <b>bold</b> and <i>italic</i> text.<br>Next line.</p>' +
      '<ul><li>one</li><li>two<br><br>para</li></ul><ol><li>first</li></ol>';
    expect(sanitizeDescription(html)).toEqual({ html, removedTags: [] });
  });

  it('drops script, style, iframe, object and embed with their content', () => {
    expect(sanitizeDescription('<p>Hi</p><script>alert(1)</script>')).toEqual({ html: '<p>Hi</p>', removedTags: ['script'] });
    expect(clean('<style>p { color: red }</style><p>x</p>')).toBe('<p>x</p>');
    expect(clean('<iframe src="https://evil"><b>in</b>frame</iframe>after')).toBe('after');
    expect(clean('<object data="x"><param name="a">obj</object>x<embed src="y">z')).toBe('xz');
    expect(clean('<SCRIPT>alert(1)</SCRIPT>ok')).toBe('ok');
    expect(clean('<svg><script>alert(1)</script></svg>ok')).toBe('ok');
  });

  it('removes other tags but keeps their text', () => {
    expect(sanitizeDescription('<p>See <a href="https://example.com">our site</a>.</p>')).toEqual({
      html: '<p>See our site.</p>',
      removedTags: ['a'],
    });
    expect(sanitizeDescription('<div><span>a</span><img src="x" onerror="alert(1)">b</div>')).toEqual({
      html: 'ab',
      removedTags: ['div', 'span', 'img'],
    });
    expect(clean('<h7>x</h7><u>y</u><table><tr><td>z</td></tr></table>')).toBe('xyz');
  });

  it('removes every attribute', () => {
    expect(clean('<p onclick="alert(1)" style="color:red" class="x" id="y">Hi</p>')).toBe('<p>Hi</p>');
    expect(clean('<b title="t">x</b><br class="c"><li data-x="1">y</li>')).toBe('<b>x</b><br><li>y</li>');
    expect(clean('<p\nonmouseover=alert(1)>x</p>')).toBe('<p>x</p>');
  });

  it('stores em and strong as i and b', () => {
    expect(sanitizeDescription('<strong>S</strong> <em>E</em>')).toEqual({ html: '<b>S</b> <i>E</i>', removedTags: [] });
    expect(clean('<STRONG class="x">S</STRONG>')).toBe('<b>S</b>');
  });

  it('drops comments and keeps entities', () => {
    expect(clean('<!-- secret -->x<![CDATA[y]]>')).toBe('x');
    expect(clean('<p>Fish &amp; chips &nbsp; &copy; &#169; &#xA9;</p>')).toBe('<p>Fish &amp; chips &nbsp; &copy; &#169; &#xA9;</p>');
    expect(clean('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(clean('&0; &lt;script&gt;')).toBe('&amp;0; &lt;script&gt;');
  });

  it('balances markup', () => {
    expect(clean('<p>a<p>b')).toBe('<p>a</p><p>b</p>');
    expect(clean('<b><i>x</b>y</i>')).toBe('<b><i>x</i></b>y');
    expect(clean('<br/><br></br>')).toBe('<br><br><br>');
  });

  it('is idempotent', () => {
    const samples = [
      '<p onclick="x">a &amp; b</p><script>1</script><a href="#">l</a><strong>s</strong>',
      '<b><i>x</b>y</i></p><<b>>&0;<textarea><b>t</b></textarea>',
      '<ul><li>a<li>b</ul><xmp><b>x</b></xmp><title>T</title><br/>',
    ];
    for (const s of samples) expect(clean(clean(s))).toBe(clean(s));
  });

  it('is stable where one pass would leave markup that parses differently (found by the property below)', () => {
    const once = clean('<p><a href="javascript:alert(1)"><p>');
    expect(clean(once)).toBe(once);
    expect(once).not.toContain('<a');
  });

  it('is idempotent and emits only allowed tags, for any mix of markup', () => {
    const pieces = [
      '<p>', '</p>', '<b>', '</b>', '<i>', '</i>', '<em>', '</em>', '<strong>', '</strong>', '<br>', '<br/>', '</br>',
      '<ul>', '</ul>', '<ol>', '</ol>', '<li>', '</li>', '<h1>', '</h1>', '<h6 id="x">', '</h6>',
      '<a href="javascript:alert(1)">', '</a>', '<div style="x">', '</div>', '<script>', '</script>', '<style>',
      '</style>', '<iframe>', '</iframe>', '<textarea>', '</textarea>', '<xmp>', '</xmp>', '<!--', '-->', '<', '>',
      '&', '&amp;', '&nbsp;', '&#60;', '&0;', '"', "'", ' ', '\n', 'text', 'é', '😀', '<img src=x onerror=alert(1)>',
    ];
    const arbitraryHtml = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 4 })), { maxLength: 30 }).map((a) => a.join(''));
    const allowed = new Set(DESCRIPTION_ALLOWED_TAGS);
    fc.assert(
      fc.property(arbitraryHtml, (input) => {
        const once = clean(input);
        expect(clean(once)).toBe(once);
        for (const match of once.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
          expect(allowed.has(match[1]!)).toBe(true);
          expect(match[2]).toBe('');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('descriptionLength', () => {
  it('counts the sanitized HTML, markup and spaces included', () => {
    expect(descriptionLength('<p>Hello world</p>')).toBe('<p>Hello world</p>'.length);
    expect(descriptionLength('<p onclick="x">Hi</p>')).toBe('<p>Hi</p>'.length);
    expect(descriptionLength('<strong>x</strong>')).toBe('<b>x</b>'.length);
    expect(descriptionLength('a<br/>b')).toBe('a<br>b'.length);
    expect(descriptionLength('<script>alert(1)</script>')).toBe(0);
    expect(descriptionLength('&amp;')).toBe(5);
    expect(descriptionLength('😀é')).toBe(2);
  });
});
