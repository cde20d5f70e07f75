/**
 * What fixes a move CloudFront refused, in one place for every provider: a principal whose IAM
 * policy lacks the move's action gets the action to allow and the `moveApi` option that uses the
 * other call.
 */

/** The remedy for `AccessDenied` on UpdateDomainAssociation or AssociateAlias. */
export function moveAccessFix(operation: string): string {
  return operation === 'UpdateDomainAssociation'
    ? 'allow cloudfront:UpdateDomainAssociation (on the source and target resources), or set moveApi: associate-alias (standard distributions only) in cfalias.yaml'
    : 'allow cloudfront:AssociateAlias, or set moveApi: update-domain-association in cfalias.yaml';
}

/** Is this refusal of a move about the `_<alias>` TXT ownership record? */
export function isOwnershipRefusal(code: string, message: string): boolean {
  return code === 'IllegalUpdate' && /\bTXT\b/i.test(message);
}
