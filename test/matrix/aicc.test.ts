import { defineMatrix } from './run';

// The operation × fault matrix (docs/guarantees.md) for AICC's operations, trigger, picker and credential.
defineMatrix('aicc');
