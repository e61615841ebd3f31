using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm
{
    // Finding a program's image. An absolute path is a file, read through
    // VFS; a bare name is "/bin/<name>", then the boot module of that name
    // (so the boot image can run programs before a file system is up). A
    // /bin path VFS cannot produce also falls back to the module, which is
    // the same program packed twice.
    internal static class Programs
    {
        private const int Chunk = FileSystemLimits.MaxTransfer;
        private static bool s_reportedVfs;

        // A boot module is root's and executable by everyone.
        public static readonly FileStatus BootModuleFile = new FileStatus { Mode = 0x1ED, Uid = 0, Gid = 0, Kind = FileKind.File };

        public static byte[]? Load(string path, out int status) => Load(path, bootImageFirst: false, out status, out FileStatus _);

        public static byte[]? Load(string path, bool bootImageFirst, out int status) => Load(path, bootImageFirst, out status, out FileStatus _);

        // bootImageFirst: a program of /bin (or a bare name) comes from the
        // boot image when the image has it, without asking VFS.
        public static byte[]? Load(string path, bool bootImageFirst, out int status, out FileStatus program)
        {
            program = BootModuleFile;
            bool bare = path.IndexOf('/') < 0;
            string file = bare ? string.Concat(ProgramName.SearchDirectory, path) : path;
            if (bootImageFirst && InBin(file) && BootModules.Exists(ProgramName.FileName(file)))
                return BootModules.Read(ProgramName.FileName(file), PmLimits.MaxImage, out status);
            byte[]? image = ReadFile(file, out status, out FileStatus info);
            if (image != null)
            {
                program = info;
                return image;
            }
            int fileStatus = status;
            if (!InBin(file))
                return null;
            if (fileStatus != PmStatus.NotFound)
                Report(fileStatus);
            return BootModules.Read(ProgramName.FileName(file), PmLimits.MaxImage, out status);
        }

        private static bool InBin(string file) =>
            file.StartsWith(ProgramName.SearchDirectory) && file.Length > ProgramName.SearchDirectory.Length
            && file.IndexOf('/', ProgramName.SearchDirectory.Length) < 0;

        // The whole file; NotFound when VFS says it is not there, TooLong
        // past the image limit, else VFS's status.
        private static byte[]? ReadFile(string path, out int status, out FileStatus info)
        {
            info = default;
            int fd = Files.Open(path, OpenFlags.Read);
            if (fd < 0)
            {
                status = fd == FileSystemStatus.NotFound || fd == FileSystemStatus.NotADirectory ? PmStatus.NotFound
                    : fd == FileSystemStatus.IsADirectory ? PmStatus.NotExecutable : fd;
                return null;
            }
            byte[]? image = ReadAll(fd, out status, out info);
            Files.Close(fd);
            return image;
        }

        private static byte[]? ReadAll(int fd, out int status, out FileStatus info)
        {
            status = Files.FStat(fd, out info);
            if (status < 0)
                return null;
            if (info.Kind != FileKind.File)
            {
                status = PmStatus.NotExecutable;
                return null;
            }
            if (info.Size > PmLimits.MaxImage || info.Size <= 0)
            {
                status = info.Size <= 0 ? PmStatus.NotExecutable : PmStatus.TooLong;
                return null;
            }
            byte[] image = new byte[(int)info.Size];
            int done = 0;
            while (done < image.Length)
            {
                int want = image.Length - done < Chunk ? image.Length - done : Chunk;
                int got = Files.Read(fd, new Span<byte>(image, done, want));
                if (got < 0)
                {
                    status = got;
                    return null;
                }
                if (got == 0)
                    break;
                done += got;
            }
            status = done == image.Length ? Status.Ok : PmStatus.NotExecutable;
            return status == Status.Ok ? image : null;
        }

        private static void Report(int status)
        {
            if (s_reportedVfs)
                return;
            s_reportedVfs = true;
            Diagnostics.Print(string.Concat("pm: reading /bin through vfs failed (status ", status.ToString(), "); using boot modules"));
        }
    }
}
