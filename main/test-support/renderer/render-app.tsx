import { act, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../renderer/App.js';
import { connectStore, createAppStore } from '../../../renderer/store/app-store.js';
import { StoreContext } from '../../../renderer/store/use-app-store.js';
import { fakeImprint, type FakeImprint } from './fake-api.js';

/** The whole window over a fake window.imprint, after its first load has settled. */
export async function renderApp(fake: FakeImprint = fakeImprint()) {
  const store = createAppStore(fake.api);
  const disconnect = connectStore(store, fake.api);
  const user = userEvent.setup();
  const view = render(
    <StoreContext value={store}>
      <App />
    </StoreContext>,
  );
  await settle();
  return { ...view, store, fake, user, disconnect };
}

/**
 * Lets pending answers of the fake resolve and React re-render: a task boundary, so every chain of
 * promises queued so far (request → fake main → answer → store → next request) has run.
 */
export async function settle(): Promise<void> {
  await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}
