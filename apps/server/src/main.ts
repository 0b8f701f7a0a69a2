/** loadConfig() -> boot() -> buildApp() -> listen, with graceful shutdown on SIGTERM/SIGINT (see cli/start.ts). */
import { reportStartFailure, startServer } from './cli/start.js';

startServer(process.env, process.argv.slice(2)).catch(reportStartFailure);
