// The shape of a handler module (one per concern, like Electron Fiddle's setupX functions): each
// returns the handlers of its own request channels, and create-service.ts composes them into the
// full table, which the compiler checks answers every channel of app/ipc-contract.ts.

import type { RequestAnswer, RequestChannel, RequestPayload } from '../../../app/ipc-contract.js';

/** Answers one request; the payload has already been validated. A throw becomes an error Result. */
export type Handler<C extends RequestChannel> = (payload: RequestPayload<C>) => Promise<RequestAnswer<C>>;

export type HandlersFor<C extends RequestChannel> = { [K in C]: Handler<K> };

export type Handlers = HandlersFor<RequestChannel>;
