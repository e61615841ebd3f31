using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // KernelCall.PrivCtl: install a compiled privilege table (PrivilegeFormat,
    // Length bytes at Table in the caller, at most MaxTable) as Target's
    // privileges. The kernel reads only the table's first record, the fixed
    // KernelPrivilege structure, and checks its ranges; a bad one leaves the
    // target as it was (BadArgument).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PrivCtlRequest
    {
        public const int MaxTable = 4096;

        [FieldOffset(0)] public long Target;     // endpoint
        [FieldOffset(8)] public long Table;      // address in the caller
        [FieldOffset(16)] public long Length;    // bytes

        public static PrivCtlRequest* Of(Message* message) => (PrivCtlRequest*)message->Payload;
    }
}
