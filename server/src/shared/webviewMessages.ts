// Messages between the Production Brief webview and the extension, typed once for
// both sides (the webview script is bundled from client/webview/brief.ts).
import type { BriefInfo, ReadinessInfo, ReadinessItemInfo } from './protocol';

/** Extension to webview. */
export type ToWebview =
  | { type: 'state'; brief: BriefInfo | null; readiness: ReadinessInfo | null; /** The notebook the panel's actions run on (its file name), if any. */ notebook?: string | null }
  | { type: 'saved'; fieldId: string; ok: boolean; reason?: string }
  /** What a next-action button's command did, shown under its checklist item. */
  | { type: 'ran'; itemId: string; ok: boolean; text: string };

/** Webview to extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'updateField'; fieldId: string; value: string }
  | { type: 'createBrief' }
  | { type: 'open'; target: NonNullable<ReadinessItemInfo['target']> }
  | { type: 'refresh' }
  /** A next-action button: run the command on the active notebook. */
  | { type: 'run'; itemId: string; command: string; label: string };
