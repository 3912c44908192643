// Where the current conversation's id is kept: sessionStorage, so a reload (or another page of the
// app) continues it, while a new tab or a new browser session starts afresh.
export const CONVERSATION_KEY = "almanac.assistant.conversationId";

// Storage can throw (disabled cookies, some private modes); the chat then simply does not persist.
export function readConversationId(): string | null {
  try {
    return window.sessionStorage.getItem(CONVERSATION_KEY);
  } catch {
    return null;
  }
}

export function writeConversationId(id: string | null): void {
  try {
    if (id) window.sessionStorage.setItem(CONVERSATION_KEY, id);
    else window.sessionStorage.removeItem(CONVERSATION_KEY);
  } catch {
    // See readConversationId.
  }
}
