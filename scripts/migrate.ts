// npm run db:migrate: bring the configured database (DATABASE_URL, or the SQLite default) up to date.
import { prepare } from "./lib/prepare";

await prepare();
