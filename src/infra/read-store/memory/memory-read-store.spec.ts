import { describeReadStoreContract } from '../read-store.contract';
import { MemoryReadStore } from './memory-read-store';

describeReadStoreContract('memory', async () => new MemoryReadStore());
