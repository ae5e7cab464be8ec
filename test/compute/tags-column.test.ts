import { describe, expect, it } from 'vitest';
import { parseTagsColumn } from '../../src/store/tags-column.js';

describe('the tags column parser', () => {
  it('reads what ingest writes, including empty names and values, as JSON.parse does', () => {
    const tags = [
      { name: 'Action', value: 'Incr' },
      { name: '', value: '' },
      { name: 'N', value: '7' },
      { name: 'Emoji', value: '😀 é' },
    ];
    expect(parseTagsColumn(JSON.stringify(tags))).toEqual(tags);
    expect(parseTagsColumn('[]')).toEqual([]);
  });

  it('gives JSON.parse results for escapes, other shapes and spacing', () => {
    const texts = [
      JSON.stringify([{ name: 'q"uote', value: 'back\\slash' }]),
      JSON.stringify([
        { name: 'a', value: 'x"' },
        { name: 'b', value: 'y' },
      ]),
      JSON.stringify([{ name: 'nl', value: 'line\nbreak\u0001' }]),
      JSON.stringify([{ name: 'lone', value: '\ud800' }]),
      JSON.stringify([{ name: 'ends\\', value: 'v' }]),
      '[{"value":"v","name":"n"}]',
      '[ {"name":"a","value":"b"} ]',
      '[{"name":"a","value":"b","extra":1}]',
    ];
    for (const text of texts) expect(parseTagsColumn(text)).toEqual(JSON.parse(text));
  });

  it('rejects text that is not JSON just as JSON.parse does', () => {
    for (const text of ['[{"name":"a","value":"b"}]x', '[{"name":"a","value":"b"}', '', 'null x']) {
      expect(() => parseTagsColumn(text)).toThrow(SyntaxError);
    }
  });
});
