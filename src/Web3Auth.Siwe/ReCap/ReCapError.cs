namespace Web3Auth.Siwe;

/// <summary>Why a SIWE resource, resource list or statement yields no usable EIP-5573 ReCap.</summary>
public enum ReCapError
{
    /// <summary>A valid ReCap was read.</summary>
    None = 0,

    /// <summary>The resource list holds no <c>urn:recap:</c> resource at all (the message delegates nothing).</summary>
    NotFound,

    /// <summary>
    /// A <c>urn:recap:</c> resource is not the final entry of the resource list, or there is more than one
    /// (EIP-5573: "at most one ReCap URI ... it MUST occupy the final entry").
    /// </summary>
    NotLastResource,

    /// <summary>The text does not start with <c>urn:recap:</c> (exactly, in lowercase).</summary>
    NotAReCapUri,

    /// <summary>The base64url payload carries <c>=</c> padding; EIP-5573 requires unpadded base64url.</summary>
    PaddedBase64Url,

    /// <summary>
    /// The payload is not base64url (RFC 4648 §5): a character outside <c>A-Z a-z 0-9 - _</c>, an impossible length,
    /// or non-zero unused bits in the last character.
    /// </summary>
    InvalidBase64Url,

    /// <summary>
    /// The decoded payload is not strict UTF-8 JSON (RFC 8259), nests deeper than 64 levels, holds a string with an
    /// unpaired surrogate escape, or a number beyond the range of a double.
    /// </summary>
    InvalidJson,

    /// <summary>
    /// The JSON is not a ReCap details object: it must be <c>{"att":{...},"prf":[...]}</c> where every ability maps
    /// to an array of objects and every proof is a non-empty string.
    /// </summary>
    InvalidShape,

    /// <summary>
    /// <c>att</c> is missing or empty, or a resource in it lists no ability (the EIP schema's <c>minProperties: 1</c>;
    /// a ReCap that delegates nothing has no statement to show).
    /// </summary>
    EmptyAttenuations,

    /// <summary>A key of <c>att</c> is not an absolute URI (RFC 3986 scheme, then URI characters only).</summary>
    InvalidResourceUri,

    /// <summary>An ability is not <c>namespace/action</c>, each part made of <c>A-Z a-z 0-9 . * _ + -</c>.</summary>
    InvalidAbility,

    /// <summary>The keys of some object are not in strictly increasing order, or repeat (EIP-5573 ordering rule).</summary>
    UnsortedKeys,

    /// <summary>
    /// The JSON is valid but not written canonically (whitespace, escaping or number form differs from what
    /// <see cref="ReCap.ToResourceUri"/> produces), so the same capabilities would have two different URIs.
    /// </summary>
    NotCanonical,

    /// <summary>The SIWE statement does not end with the ReCap statement translated from the ReCap resource.</summary>
    StatementMismatch,
}
