using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // One live process as GetInfo(Processes) or GetInfo(Process) reports it
    // (64 bytes). Uid and Gid are the effective ids PM gave it (SetIds): a
    // server judges a request by its sender's, which the sender cannot
    // forge (the kernel names the sender of every message).
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    public unsafe struct ProcessInfo
    {
        public const int LabelBytes = 32;

        [FieldOffset(0)] public int Endpoint;
        [FieldOffset(4)] public int State;          // ProcessState of the kernel, as a number
        [FieldOffset(8)] public ulong MemoryBytes;  // pages the image occupies, in bytes
        [FieldOffset(16)] public int Uid;
        [FieldOffset(20)] public int Gid;
        [FieldOffset(24)] public short Priority;
        [FieldOffset(26)] public ushort Flags;      // PrivilegeFlags of its table: SystemProcess = a server or driver
        [FieldOffset(28)] public int LabelLength;
        [FieldOffset(32)] public fixed byte Label[LabelBytes];

        // A server or driver (its requests are judged by its policy), as
        // opposed to a user program (judged by its uid).
        public bool IsComponent => (Flags & PrivilegeFlags.SystemProcess) != 0;

        // The label as text ("" when the kernel gave none).
        public string LabelText()
        {
            int length = LabelLength;
            if (length <= 0 || length > LabelBytes)
                return "";
            var chars = new char[length];
            for (int i = 0; i < length; i++)
                chars[i] = (char)Label[i];
            return new string(chars);
        }

        public bool LabelEquals(string label)
        {
            if (label.Length != LabelLength)
                return false;
            for (int i = 0; i < LabelLength; i++)
            {
                if (Label[i] != label[i])
                    return false;
            }
            return true;
        }
    }
}
