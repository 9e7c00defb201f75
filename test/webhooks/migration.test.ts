/** 0006_webhooks.sql under the engine's migration runner, after every other migration. */
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';

describe('webhooks migration', () => {
  it('applies in order with the others, once, and leaves the tables in place', async () => {
    const db = await openPglite(undefined);
    try {
      const applied = await migrate(db);
      expect(applied).toContain('0006_webhooks.sql');
      expect(applied).toEqual([...applied].sort());
      expect(await migrate(db)).toEqual([]);
      const tables = await db.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'webhook_%' ORDER BY table_name",
      );
      expect(tables.rows.map((row) => row.table_name)).toEqual([
        'webhook_attempts',
        'webhook_deliveries',
        'webhook_endpoints',
      ]);
    } finally {
      await db.close();
    }
  });
});
