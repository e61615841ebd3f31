using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Pm
{
    // Programs and tables the boot image carries (Lib/Sys BootModules):
    // where PM finds a program before a file system exists, and the user
    // privilege table (user.priv) it installs at every exec. Adds PM's
    // statuses and its size limit.
    internal static class BootModules
    {
        // The module's bytes; null when there is no such module. status:
        // Ok, PmStatus.NotFound, PmStatus.TooLong, or PmStatus.Failed.
        public static byte[]? Read(string name, int maxBytes, out int status)
        {
            int index = Lib.Sys.BootModules.IndexOf(name, out ulong size);
            if (index < 0)
            {
                status = PmStatus.NotFound;
                return null;
            }
            if (size > (ulong)maxBytes)
            {
                status = PmStatus.TooLong;
                return null;
            }
            byte[]? data = Lib.Sys.BootModules.ReadAt(index, size);
            status = data == null ? PmStatus.Failed : Status.Ok;
            return data;
        }

        // Whether the image carries a module of this name (without reading it).
        public static bool Exists(string name) => Lib.Sys.BootModules.IndexOf(name, out _) >= 0;
    }
}
