import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` writes migrations/ from the schema; the migrations are checked in and applied
// at start by openStore(). Custom SQL (the append-only triggers) is added with `--custom`.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/schema.ts',
  out: './migrations',
});
