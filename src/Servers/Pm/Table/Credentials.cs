using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Pm.Table
{
    // Who a process is (real ids) and what it may do (effective ids), and
    // the rules for changing them and for signalling (POSIX, as MINIX's PM
    // applies them): init and everything RS has PM start are root; fork
    // copies the ids and exec keeps them (there are no set-uid programs).
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
