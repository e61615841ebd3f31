using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm
{
    // The kernel calls PM makes for its processes (layouts in
    // src/Lib/Ipc/KernelCallMessages.cs), and its fork and exec requests to
    // the memory manager, each returning the call's status.
    internal static unsafe class Kernel
    {
        // StateCtl operations beyond Stop/Resume: the machine itself.
        public const int PowerOff = 2;
        public const int Reboot = 3;

        // Fork and exec are the memory manager's (VmMessages.cs).
        public static int Fork(int parent, out int child) => ProcessControl.Fork(parent, out child);

        public static int Exec(int target, byte[] image) => ProcessControl.Exec(target, image);

        public static int PrivCtl(int target, byte[] table)
        {
            fixed (byte* bytes = table)
            {
                Message message = default;
                PrivCtlRequest* request = PrivCtlRequest.Of(&message);
                request->Target = target;
                request->Table = (long)bytes;
                request->Length = table.Length;
                return Ipc.KernelCall(KernelCall.PrivCtl, &message);
            }
        }

        public static int Kill(int target)
        {
            Message message = default;
            message.Word0 = target;
            return Ipc.KernelCall(KernelCall.Kill, &message);
        }

        // The effective ids the kernel shows every server (GetInfo(Process)).
        public static int SetIds(int target, int uid, int gid)
        {
            Message message = default;
            message.Word0 = target;
            message.Word1 = uid;
            message.Word2 = gid;
            return Ipc.KernelCall(KernelCall.SetIds, &message);
        }

        public static int Resume(int target) => StateCtl(target, StateCtlMessage.Resume, 0);

        public static int StateCtl(int target, int operation, int exitStatus)
        {
            Message message = default;
            message.Word0 = target;
            message.Word1 = operation;
            message.Word2 = exitStatus;
            return Ipc.KernelCall(KernelCall.StateCtl, &message);
        }

        // Every live process; the count filled.
        public static int Processes(KernelProcess[] into)
        {
            ProcessInfo* table = stackalloc ProcessInfo[Endpoint.SlotCount];
            int count = Endpoints.ReadTable(table);
            if (count > into.Length)
                count = into.Length;
            for (int i = 0; i < count; i++)
            {
                into[i] = new KernelProcess
                {
                    Endpoint = table[i].Endpoint,
                    Flags = table[i].State,
                    MemoryBytes = table[i].MemoryBytes,
                    Label = table[i].LabelText(),
                };
            }
            return count;
        }

        // The kernel's label for an endpoint ("" if it has none).
        public static string LabelOf(int endpoint) => Endpoints.LabelOf(endpoint);
    }
}
