import { describe, expect, it } from 'vitest';
import { onlineKey, onlineKeyPrefix, VECTOR_FIELD } from './redisKeys.js';
import { encodeHgetPipeline } from './redisVectorReader.js';

describe('encodeHgetPipeline', () => {
  it('encodes one RESP HGET of the documented key per id, in order', () => {
    const ids = Int32Array.of(0, 7, 12345, 2_147_483_647);
    const bytes = encodeHgetPipeline(onlineKeyPrefix('fs1'), VECTOR_FIELD, ids);
    const expected = Array.from(ids, (id) => {
      const key = onlineKey('fs1', id);
      return `*3\r\n$4\r\nHGET\r\n$${key.length}\r\n${key}\r\n$1\r\nv\r\n`;
    }).join('');
    expect(bytes.toString('latin1')).toBe(expected);
    // The first command spelled out, so the grammar above is pinned independently of onlineKey.
    expect(expected.startsWith('*3\r\n$4\r\nHGET\r\n$17\r\naf:fs:{fs1}:sym:0\r\n$1\r\nv\r\n')).toBe(true);
  });

  it('encodes nothing for an empty universe', () => {
    expect(encodeHgetPipeline(onlineKeyPrefix('fs1'), VECTOR_FIELD, new Int32Array(0)).length).toBe(0);
  });
});
