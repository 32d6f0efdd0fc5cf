// Turns a core wasm module into a component of a WIT world: embeds the world's types (the
// `component-type` custom section, as `wasm-tools component embed` does) and wraps the module
// (`wasm-tools component new`), both with the Bytecode Alliance's jco from npm.
//
//   node scripts/wit-component.mjs <jco install dir> <core.wasm | --dummy> <wit path> <world> <out.wasm>
//
// jco's own `embed -n <world>` drops the world name (jco 1.15), so a WIT file with several worlds
// (wit/plinth.wit) cannot be embedded from its command line; its API takes the world. `--dummy`
// embeds into a generated module whose functions trap: a check that the world resolves.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [jcoDir, core, witPath, world, out] = process.argv.slice(2);
if (!out) {
    console.error('usage: wit-component.mjs <jco install dir> <core.wasm | --dummy> <wit path> <world> <out.wasm>');
    process.exit(2);
}
const api = resolve(jcoDir, 'node_modules/@bytecodealliance/jco/src/api.js');
const { componentEmbed, componentNew } = await import(pathToFileURL(api).href);
const dummy = core === '--dummy';
try {
    const embedded = await componentEmbed({
        binary: dummy ? undefined : await readFile(core),
        dummy,
        witPath: resolve(witPath),
        world,
        stringEncoding: 'utf8',
    });
    await writeFile(out, await componentNew(embedded));
} catch (e) {
    console.error(`wit-component: ${dummy ? 'a dummy module' : core} as world '${world}' of ${witPath}: ${e.message ?? e}`);
    process.exit(1);
}
