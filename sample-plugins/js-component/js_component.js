// A component plugin of wit/plinth.wit's `plugin` world, in JavaScript. `jco componentize` (with
// componentize-js) turns this module into a component: the exported objects are the world's
// exported interfaces (functions in camelCase), the import is the world's logger. WIT values
// map as jco maps them: records are objects, variants { tag, val }, enums strings, u64 BigInt,
// result<T, E> a return value or a thrown { tag, val } / string.
import { log } from 'plinth:plugin/logger@0.1.0';

const state = { health: 'starting', processed: 0n, prefix: '' };

export const lifecycle = {
    initialize(config) {
        for (const [key, value] of config) {
            if (key === 'prefix') {
                state.prefix = value;
            } else if (key === 'refuse') {
                // result<_, string>: a thrown string is the error.
                throw `refused by config: ${value}`;
            }
        }
        state.health = 'ready';
        log('info', `js-component initialized with ${config.length} config entries`);
    },

    shutdown() {
        state.health = 'stopped';
        log('info', 'js-component shut down');
    },

    getMetadata() {
        return {
            name: 'js-component',
            version: '0.1.0',
            description: 'Text operations as a JavaScript component plugin',
            author: 'Plinth',
            capabilities: ['text.upper', 'text.lower', 'text.reverse', 'text.count'],
        };
    },

    getStatus() {
        return {
            health: state.health,
            message: state.health === 'starting' ? 'not initialized' : undefined,
            processed: state.processed,
        };
    },
};

const OPERATIONS = {
    upper: (text) => ({ tag: 'text', val: state.prefix + text.toUpperCase() }),
    lower: (text) => ({ tag: 'text', val: state.prefix + text.toLowerCase() }),
    reverse: (text) => ({ tag: 'text', val: state.prefix + [...text].reverse().join('') }),
    count: (text) => ({ tag: 'number', val: [...text].length }),
};

export const processing = {
    process(request) {
        if (state.health !== 'ready') {
            throw { tag: 'failed', val: 'not initialized' };
        }
        state.processed++;
        log('debug', `request ${request.id}: ${request.operation}`);
        const operation = OPERATIONS[request.operation];
        if (operation === undefined) {
            throw { tag: 'unsupported-operation', val: request.operation };
        }
        if (request.payload.tag !== 'text') {
            throw { tag: 'invalid-input', val: `${request.operation} takes a text payload` };
        }
        return {
            id: request.id,
            payload: operation(request.payload.val),
            notes: request.attributes.map(([key, value]) => `${key}=${value}`),
        };
    },
};
