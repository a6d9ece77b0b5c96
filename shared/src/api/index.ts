export * from './fields.js';
export * from './accountFields.js';
export * from './readBody.js';
export * from './errorApi.js';
export * from './healthApi.js';
export * from './sessionApi.js';
export * from './documentApi.js';
export * from './importApi.js';
export * from './delegationApi.js';
export * from './peopleApi.js';
export * from './invitationApi.js';
export * from './auditApi.js';
export * from './amendmentApi.js';
export * from './threadApi.js';
export * from './roundApi.js';
export * from './apiRoutes.js';
// The rules the participant routes apply, beside the bodies they read.
export * from '../participantRules.js';
