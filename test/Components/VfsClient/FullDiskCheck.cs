using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.VfsClient
{
    // The host left about 1 MiB free: writing until the disk is full ends in
    // NoSpace (FS's status, passed through), the files already there are
    // intact, and unlinking the filler gives the space back.
    public static partial class Program
    {
        private static void FullDiskCheck()
        {
            int fd = Files.Open(Filler, OpenFlags.Write | OpenFlags.Create);
            var chunk = new byte[VfsLimits.MaxTransfer];
            int result = 0, chunks = 0;
            while (fd >= 0 && chunks < 256)
            {
                result = Files.Write(fd, chunk);
                if (result != chunk.Length)
                    break;
                chunks++;
            }
            Diagnostics.Print(string.Concat("vfsclient: filled ", chunks.ToString(), " chunks of 64 KiB"));
            Check("full-disk", Expect("write to full disk", result, FileSystemStatus.NoSpace) && chunks > 0);
            Files.Close(fd);
            Check("full-disk-keeps-files", Files.Stat(Written, out FileStatus status) == 0 && status.Size == WrittenLength
                && Files.Stat(Big, out status) == 0 && status.Size == 1 << 20);
            Check("full-disk-unlink", Files.Unlink(Filler) == 0 && Files.Stat(Filler, out status) == FileSystemStatus.NotFound);
            StillServing();
        }
    }
}
