// What the service asks the user through the operating system: Electron's file dialogs in the app,
// answers chosen by the test in the e2e harness and the service tests.

export interface Dialogs {
  chooseImage(): Promise<string | null>;
  chooseSumsFile(): Promise<string | null>;
}
