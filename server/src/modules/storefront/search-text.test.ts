import { describe, expect, it } from 'vitest';
import { searchText } from './search-text.js';

describe('searchText', () => {
  it('makes every word a prefix that must match', () => {
    expect(searchText('Contoso  flow ')).toEqual({ tsquery: 'contoso:* & flow:*', raw: 'Contoso flow' });
    expect(searchText('café Zürich 365')).toEqual({ tsquery: 'café:* & zürich:* & 365:*', raw: 'café Zürich 365' });
  });

  it('lets no tsquery syntax through', () => {
    expect(searchText("a&b | !c:* (d) 'e'")!.tsquery).toBe('a:* & b:* & c:* & d:* & e:*');
    expect(searchText('&|!')).toEqual({ tsquery: '', raw: '&|!' });
  });

  it('ignores blank input and keeps at most ten words', () => {
    expect(searchText(undefined)).toBeUndefined();
    expect(searchText('   ')).toBeUndefined();
    expect(searchText('a b c d e f g h i j k l')!.tsquery.split(' & ')).toHaveLength(10);
  });
});
