using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.VfsClient
{
    // Directories: listings (FS's and /dev), mkdir/rmdir, unlink, rename,
    // the working directory.
    public static partial class Program
    {
        private static void DirectoryChecks()
        {
            Check("readdir-root", Lists("/", "hello.txt", false) && Lists("/", "data", true) && Lists("/", "dev", true));
            Check("readdir-data", Lists("/data", "big.bin", false));
            Check("readdir-dev", Lists("/dev", "null", false) && Lists("/dev", "zero", false) && Lists("/dev", "console", false) && Lists("/dev", "tty00", false));
            int fd = Files.Open(Hello, OpenFlags.Read);
            Check("readdir-of-file", Expect("readdir of file", Files.ReadDirectory(fd, out DirectoryEntry entry), VfsStatus.NotDirectory));
            Files.Close(fd);
            Check("open-file-as-directory", Expect("file as dir", Files.Open(Hello, OpenFlags.Directory), FileSystemStatus.NotADirectory));
            Check("open-directory-for-writing", Expect("dir for writing", Files.Open("/data", OpenFlags.Write), FileSystemStatus.IsADirectory));

            Check("rmdir", Files.MakeDirectory("/gone") == 0 && Files.RemoveDirectory("/gone") == 0
                && Files.Stat("/gone", out FileStatus status) == FileSystemStatus.NotFound);
            Check("rmdir-not-empty", Expect("rmdir not empty", Files.RemoveDirectory(Made), FileSystemStatus.NotEmpty));
            Check("unlink", Files.Unlink(Doomed) == 0 && Files.Stat(Doomed, out status) == FileSystemStatus.NotFound);
            Check("unlink-missing", Expect("unlink missing", Files.Unlink(Doomed), FileSystemStatus.NotFound));
            Check("rename", Files.Rename(Log, Renamed) == 0 && Files.Stat(Log, out status) == FileSystemStatus.NotFound
                && Files.Stat(Renamed, out status) == 0 && status.Size == 8);
            Check("unlink-dev", Expect("unlink /dev/null", Files.Unlink("/dev/null"), Status.NotAllowed));

            Check("chdir", Files.ChangeDirectory("/data") == 0 && Files.Stat("big.bin", out status) == 0 && status.Size == 1 << 20);
            fd = Files.Open("../hello.txt", OpenFlags.Read);
            Check("relative-open", fd >= 0 && Files.FStat(fd, out status) == 0 && status.Size == HelloText.Length);
            Files.Close(fd);
            Check("dot-dot-above-root", Files.Stat("../../../hello.txt", out status) == 0);
            Check("chdir-to-file", Expect("chdir to file", Files.ChangeDirectory("/hello.txt"), FileSystemStatus.NotADirectory));
            Check("chdir-missing", Expect("chdir missing", Files.ChangeDirectory("/nowhere"), FileSystemStatus.NotFound));
            Check("chdir-dev", Files.ChangeDirectory("/dev") == 0 && Files.Stat("null", out status) == 0 && status.Kind == FileKind.CharDevice);
            Check("chdir-root", Files.ChangeDirectory("/") == 0 && Files.Stat("hello.txt", out status) == 0);
        }

        // Lists path; true if `wanted` is among its entries with that kind.
        private static bool Lists(string path, string wanted, bool directory)
        {
            int fd = Files.Open(path, OpenFlags.Directory);
            if (fd < 0)
                return Expect(string.Concat("open ", path), fd, 0);
            bool found = false;
            int entries = 0;
            while (entries < 1000)
            {
                int result = Files.ReadDirectory(fd, out DirectoryEntry entry);
                if (result <= 0)
                {
                    if (result < 0)
                        Expect("readdir", result, 1);
                    break;
                }
                entries++;
                if (entry.Name == wanted && entry.IsDirectory == directory)
                    found = true;
                if (wanted == "hello.txt" || wanted == "big.bin" || wanted == "null")
                    Diagnostics.Print(string.Concat("vfsclient: entry ", path, " ", entry.Name, entry.IsDirectory ? " dir" : " file", " size=", entry.Size.ToString()));
            }
            Files.Close(fd);
            return found;
        }
    }
}
