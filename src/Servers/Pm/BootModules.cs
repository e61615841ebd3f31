using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Pm
{
    // Programs and tables the boot image carries (GetInfo BootModules and
    // ModuleData): where PM finds a program before a file system exists,
    // and the user privilege table (user.priv) it installs at every exec.
    internal static unsafe class BootModules
    {
        private const int MaxModules = 128;

        // The module's bytes; null when there is no such module. status:
        // Ok, PmStatus.NotFound, PmStatus.TooLong, or the kernel's.
        public static byte[]? Read(string name, int maxBytes, out int status)
        {
            var modules = new BootModuleInfo[MaxModules];
            Message message = default;
            fixed (BootModuleInfo* table = modules)
            {
                message.Word0 = GetInfoMessage.BootModules;
                message.Word1 = (long)table;
                message.Word2 = MaxModules * sizeof(BootModuleInfo);
                status = Ipc.KernelCall(KernelCall.GetInfo, &message);
                if (status != Status.Ok)
                    return null;
                int count = (int)(message.Word3 / sizeof(BootModuleInfo));
                for (int i = 0; i < count; i++)
                {
                    if (NameIs(&table[i], name))
                        return ReadIndex(i, table[i].Size, maxBytes, out status);
                }
            }
            status = PmStatus.NotFound;
            return null;
        }

        // Whether the image carries a module of this name (without reading it).
        public static bool Exists(string name)
        {
            var modules = new BootModuleInfo[MaxModules];
            Message message = default;
            fixed (BootModuleInfo* table = modules)
            {
                message.Word0 = GetInfoMessage.BootModules;
                message.Word1 = (long)table;
                message.Word2 = MaxModules * sizeof(BootModuleInfo);
                if (Ipc.KernelCall(KernelCall.GetInfo, &message) != Status.Ok)
                    return false;
                int count = (int)(message.Word3 / sizeof(BootModuleInfo));
                for (int i = 0; i < count; i++)
                {
                    if (NameIs(&table[i], name))
                        return true;
                }
            }
            return false;
        }

        private static byte[]? ReadIndex(int index, ulong size, int maxBytes, out int status)
        {
            if (size > (ulong)maxBytes)
            {
                status = PmStatus.TooLong;
                return null;
            }
            byte[] data = new byte[(int)size];
            fixed (byte* bytes = data)
            {
                Message message = default;
                message.Word0 = GetInfoMessage.ModuleData;
                message.Word1 = (long)bytes;
                message.Word2 = data.Length;
                message.Word4 = index;
                status = Ipc.KernelCall(KernelCall.GetInfo, &message);
                if (status == Status.Ok && message.Word3 != data.Length)
                    status = PmStatus.Failed;
            }
            return status == Status.Ok ? data : null;
        }

        private static bool NameIs(BootModuleInfo* module, string name)
        {
            if (module->NameLength != name.Length)
                return false;
            for (int i = 0; i < name.Length; i++)
            {
                if (module->Name[i] != name[i])
                    return false;
            }
            return true;
        }
    }
}
