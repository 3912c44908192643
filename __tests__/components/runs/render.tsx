// One render helper for these tests: the component inside the app's toast provider, as on a page.
import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { ToastProvider } from "../../../components/ui/Toast";

export function renderPage(ui: ReactElement) {
  return render(<ToastProvider>{ui}</ToastProvider>);
}
