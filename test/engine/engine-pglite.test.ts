import { defineEngineSuite } from './helpers/engine-suite.ts';

defineEngineSuite('pglite');
