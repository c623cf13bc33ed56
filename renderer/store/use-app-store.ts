import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppStore } from './app-store.js';
import type { AppState } from './types.js';

export const StoreContext = createContext<AppStore | null>(null);

/** Select one field (or use useShallow for an object or array: v5 loops on fresh objects). */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('useAppStore is used outside <StoreContext>');
  return useStore(store, selector);
}
