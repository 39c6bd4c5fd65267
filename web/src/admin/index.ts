export { AdminConsole } from './AdminConsole.js';
