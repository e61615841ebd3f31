namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // Every outcome of the engine's public operations. One enum, so the VFS can
    // map each to one POSIX errno; the human-readable detail goes to
    // FatFileSystem.LastErrorMessage.
    public enum FsError
    {
        None = 0,
        NotFound,
        NotADirectory,
        IsADirectory,
        Exists,
        NotEmpty,
        NoSpace,
        NameTooLong,
        PathTooLong,
        InvalidName,
        Corrupt,
        IoError,
        BadOffset,
        FileTooLarge,
        Unsupported,
        Busy,
    }
}
