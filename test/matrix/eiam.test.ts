import { defineMatrix } from './run';

// The operation × fault matrix (docs/guarantees.md) for EIAM's operations and credential.
defineMatrix('eiam');
