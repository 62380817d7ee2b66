// Messages between the Production Brief webview and the extension, typed once for
// both sides (the webview script is bundled from client/webview/brief.ts).
import type { BriefInfo, ReadinessInfo, ReadinessItemInfo } from './protocol';

/** Extension to webview. */
export type ToWebview =
  | { type: 'state'; brief: BriefInfo | null; readiness: ReadinessInfo | null }
  | { type: 'saved'; fieldId: string; ok: boolean; reason?: string };

/** Webview to extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'updateField'; fieldId: string; value: string }
  | { type: 'createBrief' }
  | { type: 'open'; target: NonNullable<ReadinessItemInfo['target']> }
  | { type: 'refresh' };
