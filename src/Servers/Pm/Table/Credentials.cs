using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Pm.Table
{
    // Who a process is (real ids) and what it may do (effective ids), and
    // the rules for changing them and for signalling (POSIX, as MINIX's PM
    // applies them): init and everything RS has PM start are root; fork
    // copies the ids and exec keeps them, unless the program file has its
    // set-user-id or set-group-id bit (then the effective id becomes the
    // file's owner or group: how su and login become root).
    public struct Credentials
    {
        public int RealUid, EffectiveUid, RealGid, EffectiveGid;

        public static Credentials Root => default;

        public bool IsRoot => EffectiveUid == PmIdentity.Root;

        // setuid(2): root sets both ids to any value; anyone else may only
        // set its effective uid back to its real one.
        public int SetUid(int uid)
        {
            if (uid < 0 || uid > PmIdentity.MaxId)
                return Status.BadArgument;
            if (IsRoot)
            {
                RealUid = EffectiveUid = uid;
                return Status.Ok;
            }
            if (uid != RealUid)
                return Status.NotAllowed;
            EffectiveUid = uid;
            return Status.Ok;
        }

        public int SetGid(int gid)
        {
            if (gid < 0 || gid > PmIdentity.MaxId)
                return Status.BadArgument;
            if (IsRoot)
            {
                RealGid = EffectiveGid = gid;
                return Status.Ok;
            }
            if (gid != RealGid)
                return Status.NotAllowed;
            EffectiveGid = gid;
            return Status.Ok;
        }

        // exec(2) needs execute permission on the program file: its
        // owner's, group's or others' x bit by who the caller is; root
        // needs any x bit.
        public bool MayExecute(int mode, int uid, int gid)
        {
            if (IsRoot)
                return (mode & 0x49) != 0;   // 0111
            int bits = EffectiveUid == uid ? mode >> 6 : EffectiveGid == gid ? mode >> 3 : mode;
            return (bits & 1) != 0;
        }

        public void Exec(int mode, int uid, int gid)
        {
            if ((mode & 0x800) != 0)    // 04000 set-user-id
                EffectiveUid = uid;
            if ((mode & 0x400) != 0)    // 02000 set-group-id
                EffectiveGid = gid;
        }

        // kill(2): root signals anyone; others only processes whose real
        // uid is their real or effective one.
        public bool MaySignal(Credentials target) =>
            IsRoot || RealUid == target.RealUid || EffectiveUid == target.RealUid;

        public unsafe void WriteTo(PmIdentity* identity, int pid)
        {
            identity->RealUid = RealUid;
            identity->EffectiveUid = EffectiveUid;
            identity->RealGid = RealGid;
            identity->EffectiveGid = EffectiveGid;
            identity->Pid = pid;
        }
    }
}
