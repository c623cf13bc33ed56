// The store's shape: one state built from typed slices (zustand "slices" pattern).

import type { StateCreator } from 'zustand';
import type { DrivesSlice } from './drives-slice.js';
import type { ImageSlice } from './image-slice.js';
import type { JobSlice } from './job-slice.js';
import type { SettingsSlice } from './settings-slice.js';
import type { UiSlice } from './ui-slice.js';

export type AppState = ImageSlice & DrivesSlice & JobSlice & SettingsSlice & UiSlice;

export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
