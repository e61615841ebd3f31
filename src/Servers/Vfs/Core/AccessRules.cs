namespace Minix3.Cosmos.Servers.Vfs.Core
{
    // The caller's effective ids, as the kernel reports them for the
    // endpoint that sent the request (GetInfo): nothing a process can claim.
    public struct Caller
    {
        public int Uid, Gid;

        public Caller(int uid, int gid)
        {
            Uid = uid;
            Gid = gid;
        }

        public bool IsRoot => Uid == 0;
    }

    // POSIX's file permission rules over FileOwner: the owner's bits if the
    // caller owns the file, else the group's if it is in the file's group,
    // else the others'. Root passes every read and write check, and an
    // execute check when anyone may execute the file (or it is a
    // directory).
    public static class AccessRules
    {
        public const int Read = 4, Write = 2, Execute = 1;

        public static bool Allows(Caller caller, FileOwner owner, int want, bool isDirectory)
        {
            if (caller.IsRoot)
                return (want & Execute) == 0 || isDirectory || (owner.Mode & 0x49) != 0;   // 0111
            int bits = caller.Uid == owner.Uid ? owner.Mode >> 6 : caller.Gid == owner.Gid ? owner.Mode >> 3 : owner.Mode;
            return (bits & want & 7) == (want & 7);
        }

        // Removing or renaming an entry of a sticky directory (/tmp): only
        // the entry's owner, the directory's owner or root (POSIX's
        // restricted deletion flag).
        public static bool MayRemoveFrom(Caller caller, FileOwner directory, FileOwner entry) =>
            (directory.Mode & PermissionTable.Sticky) == 0 || caller.IsRoot || caller.Uid == entry.Uid || caller.Uid == directory.Uid;

        // chmod: the owner or root. A non-root owner who is not in the
        // file's group loses set-gid, as POSIX allows.
        public static bool MayChangeMode(Caller caller, FileOwner owner) => caller.IsRoot || caller.Uid == owner.Uid;

        public static int ModeAfterChange(Caller caller, FileOwner owner, int mode)
        {
            mode &= PermissionTable.ModeMask;
            if (!caller.IsRoot && caller.Gid != owner.Gid)
                mode &= ~PermissionTable.SetGid;
            return mode;
        }

        // chown: root only (POSIX's _POSIX_CHOWN_RESTRICTED); the owner may
        // change the group to its own group. A change of owner clears the
        // set-uid and set-gid bits.
        public static bool MayChangeOwner(Caller caller, FileOwner owner, int uid, int gid) =>
            caller.IsRoot || (caller.Uid == owner.Uid && uid == owner.Uid && gid == caller.Gid);

        public static FileOwner AfterOwnerChange(FileOwner owner, int uid, int gid)
        {
            int mode = owner.Mode;
            if (uid != owner.Uid || gid != owner.Gid)
                mode &= ~(PermissionTable.SetUid | PermissionTable.SetGid);
            return new FileOwner(uid, gid, mode);
        }
    }
}
