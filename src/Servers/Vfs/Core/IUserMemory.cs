namespace Minix3.Cosmos.Servers.Vfs.Core
{
    // What the hardware-free core needs of the outside world: copies
    // through a caller's grant and the (possibly late) reply. The server
    // implements it with kernel calls and SendAsync; unit tests with fakes.
    public interface IUserMemory
    {
        // Copy `length` bytes between buffer[0..length) and the caller's
        // grant at `offset`; a Status (Ok, BadGrant, GrantRights, OutOfRange).
        int CopyFromUser(int caller, long grant, int offset, byte[] buffer, int length);
        int CopyToUser(int caller, long grant, int offset, byte[] buffer, int length);

        // The reply to a call that was held back: Type = status, VfsTransferReply.Bytes = result.
        void Reply(int caller, int status, long word0);
    }
}
