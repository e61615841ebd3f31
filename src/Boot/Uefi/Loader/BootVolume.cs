using Minix3.Cosmos.Boot.Uefi.Efi;

namespace Minix3.Cosmos.Boot.Uefi
{
    // The file system the loader itself was read from (LoadedImage ->
    // DeviceHandle -> SimpleFileSystem): the same ESP, USB stick or CD image
    // holds /boot. Paths use UEFI's backslashes; FAT matches them without
    // regard to case.
    internal sealed unsafe class BootVolume
    {
        private const nuint ReadChunk = 1 << 20;   // some firmware reads at most a few MiB per call

        private readonly File* _root;

        private BootVolume(File* root) => _root = root;

        internal static BootVolume Open(void* image, BootServices* boot, out LoadedImage* loaded)
        {
            Guid loadedImageId = Guid.LoadedImage, fileSystemId = Guid.SimpleFileSystem;
            LoadedImage* self;
            if (Status.IsError(boot->HandleProtocol(image, &loadedImageId, (void**)&self)))
                Console.Fatal("the firmware gives no LoadedImage protocol for the loader");
            SimpleFileSystem* fileSystem;
            if (Status.IsError(boot->HandleProtocol(self->DeviceHandle, &fileSystemId, (void**)&fileSystem)))
                Console.Fatal("the device the loader came from has no file system the firmware can read");
            File* root;
            if (Status.IsError(fileSystem->OpenVolume(fileSystem, &root)))
                Console.Fatal("cannot open the boot volume's root directory");
            loaded = self;
            return new BootVolume(root);
        }

        // The file's size, or -1 when there is no such file.
        internal long SizeOf(string path)
        {
            File* file = OpenFile(path);
            if (file == null)
                return -1;
            long size = Size(file);
            file->Close(file);
            return size;
        }

        // Reads the whole file (SizeOf bytes) to `destination`.
        internal void Read(string path, byte* destination, ulong size)
        {
            File* file = OpenFile(path);
            if (file == null)
                Console.Fatal("missing file " + path);
            ulong done = 0;
            while (done < size)
            {
                nuint chunk = size - done < ReadChunk ? (nuint)(size - done) : ReadChunk;
                if (Status.IsError(file->Read(file, &chunk, destination + done)) || chunk == 0)
                    Console.Fatal("cannot read " + path);
                done += chunk;
            }
            file->Close(file);
        }

        private File* OpenFile(string path)
        {
            File* file;
            ulong status;
            fixed (char* name = path)
                status = _root->Open(_root, &file, name, File.ModeRead, 0);
            return Status.IsError(status) ? null : file;
        }

        // Seeking to the end (position all ones) and asking where that is avoids
        // EFI_FILE_INFO's variable-length record.
        private static long Size(File* file)
        {
            ulong end;
            file->SetPosition(file, ulong.MaxValue);
            file->GetPosition(file, &end);
            file->SetPosition(file, 0);
            return (long)end;
        }
    }
}
