using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // The boot image's modules (programs and privilege tables the image
    // carries before any file system exists), read through GetInfo: PM
    // execs programs from here, and whoever restarts a component takes its
    // image and table from here.
    public static unsafe class BootModules
    {
        // The image holds at most this many modules (the kernel's BootInfo.MaxModules).
        public const int MaxModules = 256;

        // The module's bytes, or null when there is no module of that name
        // (or the caller may not use GetInfo).
        public static byte[]? Read(string name)
        {
            int index = IndexOf(name, out ulong size);
            return index < 0 ? null : ReadAt(index, size);
        }

        // The bytes of the module at index (from IndexOf) of the given size;
        // null when the kernel refuses.
        public static byte[]? ReadAt(int index, ulong size)
        {
            if (size > int.MaxValue)
                return null;
            byte[] data = new byte[(int)size];
            fixed (byte* bytes = data)
            {
                Message message = default;
                GetInfoMessage* request = GetInfoMessage.Of(&message);
                request->What = GetInfoMessage.ModuleData;
                request->Buffer = (long)bytes;
                request->BufferSize = data.Length;
                request->Which = index;
                if (Ipc.KernelCall(KernelCall.GetInfo, &message) != Status.Ok || request->Written != data.Length)
                    return null;
            }
            return data;
        }

        // The module's index in boot order and its size; -1 when absent.
        public static int IndexOf(string name, out ulong size)
        {
            size = 0;
            BootModuleInfo[] modules = Table(out int count);
            fixed (BootModuleInfo* table = modules)
            {
                for (int i = 0; i < count; i++)
                {
                    if (NameIs(&table[i], name))
                    {
                        size = table[i].Size;
                        return i;
                    }
                }
            }
            return -1;
        }

        // Every module's name, in boot order (empty when the kernel refuses).
        public static string[] Names()
        {
            BootModuleInfo[] modules = Table(out int count);
            var names = new string[count];
            fixed (BootModuleInfo* table = modules)
            {
                for (int i = 0; i < count; i++)
                {
                    var chars = new char[table[i].NameLength];
                    for (int c = 0; c < chars.Length; c++)
                        chars[c] = (char)table[i].Name[c];
                    names[i] = new string(chars);
                }
            }
            return names;
        }

        // The kernel's list of modules (GetInfo), and how many it holds.
        private static BootModuleInfo[] Table(out int count)
        {
            count = 0;
            BootModuleInfo[] modules = new BootModuleInfo[MaxModules];
            fixed (BootModuleInfo* table = modules)
            {
                Message message = default;
                GetInfoMessage* request = GetInfoMessage.Of(&message);
                request->What = GetInfoMessage.BootModules;
                request->Buffer = (long)table;
                request->BufferSize = MaxModules * sizeof(BootModuleInfo);
                if (Ipc.KernelCall(KernelCall.GetInfo, &message) == Status.Ok)
                    count = (int)(request->Written / sizeof(BootModuleInfo));
            }
            return modules;
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
