/** The online store the config asks for: in-memory (embedded default) or Redis. */
import type { AlphaflowConfig } from '../core/config.js';
import { MemoryOnlineStore } from './memoryOnlineStore.js';
import type { OnlineStore } from './onlineStore.js';
import { RedisOnlineStore } from './redisOnlineStore.js';

/** Opens `config.onlineStore`; Redis must be reachable (E_CONFIG otherwise). */
export async function openOnlineStore(config: Pick<AlphaflowConfig, 'onlineStore'>): Promise<OnlineStore> {
  const c = config.onlineStore;
  return c.kind === 'redis' ? RedisOnlineStore.connect({ connection: c.url }) : new MemoryOnlineStore();
}
