namespace Minix3.Cosmos.Protection;

/// <summary>
/// The error codes of policy diagnostics; each is listed with an example in
/// README.md. Codes are stable: tests and build logs refer to them.
/// 001-009 syntax (parser), 010-029 meaning (one policy), 030-039 the image
/// as a whole, 040+ files.
/// </summary>
public static class PolicyError
{
    public const string UnknownKeyword = "M3P001";
    public const string ArgumentCount = "M3P002";
    public const string MalformedNumber = "M3P003";
    public const string MalformedRange = "M3P004";
    public const string DuplicateKeyword = "M3P005";
    public const string UnknownKernelCall = "M3P006";
    public const string LabelLength = "M3P007";
    public const string LabelCharacters = "M3P008";
    public const string UnknownOption = "M3P009";

    public const string PortOutOfRange = "M3P010";
    public const string ReversedRange = "M3P011";
    public const string OverlappingIo = "M3P012";
    public const string OverlappingMemory = "M3P013";
    public const string IrqOutOfRange = "M3P014";
    public const string PriorityOutOfRange = "M3P015";
    public const string ValueOutOfRange = "M3P016";
    public const string TooMany = "M3P017";
    public const string DuplicateEntry = "M3P018";
    public const string BadRecoveryPath = "M3P019";
    public const string SelfManaged = "M3P020";
    public const string NoReason = "M3P021";
    public const string UnknownServiceVerb = "M3P022";

    public const string MissingTarget = "M3P030";
    public const string DuplicateLabel = "M3P031";

    public const string OverlayTarget = "M3P032";
    public const string OverlaySetting = "M3P033";
    public const string HeartbeatUnstated = "M3P034";
    public const string PriorityNotBelowManager = "M3P035";
    public const string SystemUnstated = "M3P036";
    public const string UnreadableFile = "M3P040";
}
