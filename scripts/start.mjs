// `npm start`: install if needed, generate the demo data, build, and serve the app with the demo notebook.
import { build, ensureDependencies, generateDemoData, run } from './setup.mjs';

ensureDependencies();
generateDemoData();
build();
const port = process.env.PORT ?? 4173;
const open = process.stdout.isTTY && !process.env.CI ? ' --open /' : '';
console.log(`\nKura is at http://localhost:${port}/ (the demo notebook opens on first visit; add ?demo to reopen it).\n`);
run(`npx vite preview --port ${port} --strictPort${open}`);
