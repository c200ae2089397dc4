import { describe, expect, it } from 'vitest';
import { checkedAction } from '../../packages/jobs/src/job/action-link';

describe('checkedAction', () => {
  it('keeps a path on this site and http(s) URLs, with attribute names in lower case', () => {
    expect(checkedAction('Open', '/products?page=2#top', { TARGET: '_blank', 'data-Id': '7' })).toEqual({
      label: 'Open',
      href: '/products?page=2#top',
      attributes: { target: '_blank', 'data-id': '7' },
    });
    expect(checkedAction('Docs', 'https://example.com/a', {}).href).toBe('https://example.com/a');
    expect(checkedAction('Docs', 'HTTP://example.com', {}).href).toBe('HTTP://example.com');
  });

  it.each([
    ['protocol-relative', '//evil.example/x'],
    ['backslash', '/\\evil.example'],
    ['backslashes only', '\\\\evil.example'],
    ['tab that browsers strip', '/\t/evil.example'],
    ['newline', '/a\nb'],
    ['space', '/a b'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>'],
    ['path-relative', 'products'],
    ['empty', ''],
    ['http without a host', 'http:/x'],
  ])('refuses a %s link with a TypeError', (_kind, href) => {
    expect(() => checkedAction('Open', href, {})).toThrow(TypeError);
  });

  it('refuses attributes that could run code, restyle the page or override the referrer policy', () => {
    for (const name of ['onclick', 'style', 'href', 'referrerpolicy', 'ReferrerPolicy']) {
      expect(() => checkedAction('Open', '/', { [name]: 'x' }), name).toThrow(/may not carry the attribute/);
    }
  });
});
