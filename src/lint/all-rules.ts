/** Every lint rule, in the order docs/lint.md lists them (tools, then resources). */
import type { Rule } from "./types.js";
import toolMalformed from "./rules/tool-malformed.js";
import toolNameInvalid from "./rules/tool-name-invalid.js";
import toolNameDuplicate from "./rules/tool-name-duplicate.js";
import missingDescription from "./rules/missing-description.js";
import missingTitle from "./rules/missing-title.js";
import descriptionSteering from "./rules/description-steering.js";
import missingAnnotations from "./rules/missing-annotations.js";
import annotationContradiction from "./rules/annotation-contradiction.js";
import inputSchemaRoot from "./rules/input-schema-root.js";
import outputSchemaRoot from "./rules/output-schema-root.js";
import xMcpHeaderInvalid from "./rules/x-mcp-header-invalid.js";
import missingOutputSchema from "./rules/missing-output-schema.js";
import missingSecuritySchemes from "./rules/missing-security-schemes.js";
import securitySchemesShape from "./rules/security-schemes-shape.js";
import securitySchemesDropped from "./rules/security-schemes-dropped.js";
import securitySchemesMirrorMismatch from "./rules/security-schemes-mirror-mismatch.js";
import oauthToolWithoutScheme from "./rules/oauth-tool-without-scheme.js";
import oauthSchemeWithoutScopes from "./rules/oauth-scheme-without-scopes.js";
import mixedToolNotAnonymous from "./rules/mixed-tool-not-anonymous.js";
import authChallengeIncomplete from "./rules/auth-challenge-incomplete.js";
import invocationTextTooLong from "./rules/invocation-text-too-long.js";
import missingWidgetAccessible from "./rules/missing-widget-accessible.js";
import legacyOutputTemplateOnly from "./rules/legacy-output-template-only.js";
import outputTemplateMismatch from "./rules/output-template-mismatch.js";
import resourceUriScheme from "./rules/resource-uri-scheme.js";
import resourceUriUnresolved from "./rules/resource-uri-unresolved.js";
import deprecatedFlatResourceUri from "./rules/deprecated-flat-resource-uri.js";
import visibilityInvalid from "./rules/visibility-invalid.js";
import visibilityAliasConflict from "./rules/visibility-alias-conflict.js";
import legacyVisibilityKey from "./rules/legacy-visibility-key.js";
import widgetAccessibleMisuse from "./rules/widget-accessible-misuse.js";
import cspOnTool from "./rules/csp-on-tool.js";
import fileParamsInvalid from "./rules/file-params-invalid.js";
import profileToolInvalid from "./rules/profile-tool-invalid.js";
import appOnlyToolUnreachable from "./rules/app-only-tool-unreachable.js";
import serverInstructionsLength from "./rules/server-instructions-length.js";
import undocumentedOpenaiKey from "./rules/undocumented-openai-key.js";
import uiCapabilityGating from "./rules/ui-capability-gating.js";
import resourceMimeType from "./rules/resource-mime-type.js";
import legacySkybridgeMime from "./rules/legacy-skybridge-mime.js";
import bridgeMimeMismatch from "./rules/bridge-mime-mismatch.js";
import mimeListReadMismatch from "./rules/mime-list-read-mismatch.js";
import missingCsp from "./rules/missing-csp.js";
import cspUndeclaredOrigin from "./rules/csp-undeclared-origin.js";
import cspOriginFormat from "./rules/csp-origin-format.js";
import cspWildcard from "./rules/csp-wildcard.js";
import cspFrameDomains from "./rules/csp-frame-domains.js";
import cspCaseMixup from "./rules/csp-case-mixup.js";
import cspAliasDivergence from "./rules/csp-alias-divergence.js";
import missingWidgetDomain from "./rules/missing-widget-domain.js";
import widgetDomainCrossHost from "./rules/widget-domain-cross-host.js";
import widgetDomainFormat from "./rules/widget-domain-format.js";
import placeholderDomain from "./rules/placeholder-domain.js";
import localhostInWidget from "./rules/localhost-in-widget.js";
import widgetRelativeAsset from "./rules/widget-relative-asset.js";
import moduleScriptCrossOrigin from "./rules/module-script-cross-origin.js";
import templateUriUnversioned from "./rules/template-uri-unversioned.js";
import templateChangedSameUri from "./rules/template-changed-same-uri.js";
import htmlNotDocument from "./rules/html-not-document.js";
import uiMetaListOnly from "./rules/ui-meta-list-only.js";
import redirectDomainsMissing from "./rules/redirect-domains-missing.js";
import hostWindowOpenaiOnly from "./rules/host-window-openai-only.js";
import hostDisplayMode from "./rules/host-display-mode.js";
import hostFollowUpPrefill from "./rules/host-follow-up-prefill.js";
import hostUiGatedTool from "./rules/host-ui-gated-tool.js";
import hostWidgetDomain from "./rules/host-widget-domain.js";

export const ALL_RULES: readonly Rule[] = [
  toolMalformed,
  toolNameInvalid,
  toolNameDuplicate,
  missingDescription,
  missingTitle,
  descriptionSteering,
  missingAnnotations,
  annotationContradiction,
  inputSchemaRoot,
  outputSchemaRoot,
  xMcpHeaderInvalid,
  missingOutputSchema,
  missingSecuritySchemes,
  securitySchemesShape,
  securitySchemesDropped,
  securitySchemesMirrorMismatch,
  oauthToolWithoutScheme,
  oauthSchemeWithoutScopes,
  mixedToolNotAnonymous,
  authChallengeIncomplete,
  invocationTextTooLong,
  missingWidgetAccessible,
  legacyOutputTemplateOnly,
  outputTemplateMismatch,
  resourceUriScheme,
  resourceUriUnresolved,
  deprecatedFlatResourceUri,
  visibilityInvalid,
  visibilityAliasConflict,
  legacyVisibilityKey,
  widgetAccessibleMisuse,
  cspOnTool,
  fileParamsInvalid,
  profileToolInvalid,
  appOnlyToolUnreachable,
  serverInstructionsLength,
  undocumentedOpenaiKey,
  uiCapabilityGating,
  resourceMimeType,
  legacySkybridgeMime,
  bridgeMimeMismatch,
  mimeListReadMismatch,
  missingCsp,
  cspUndeclaredOrigin,
  cspOriginFormat,
  cspWildcard,
  cspFrameDomains,
  cspCaseMixup,
  cspAliasDivergence,
  missingWidgetDomain,
  widgetDomainCrossHost,
  widgetDomainFormat,
  placeholderDomain,
  localhostInWidget,
  widgetRelativeAsset,
  moduleScriptCrossOrigin,
  templateUriUnversioned,
  templateChangedSameUri,
  htmlNotDocument,
  uiMetaListOnly,
  redirectDomainsMissing,
  // The per-host layer: silent unless `lint --host` names hosts.
  hostUiGatedTool,
  hostWindowOpenaiOnly,
  hostDisplayMode,
  hostFollowUpPrefill,
  hostWidgetDomain,
] as readonly Rule[];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((rule) => [rule.id, rule]));
