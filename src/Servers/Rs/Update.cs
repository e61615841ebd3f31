namespace Minix3.Cosmos.Servers.Rs
{
    // A live update of one component (`service update`), step by step:
    // Preparing  RS sent UpdateNotice; the old version saves its state
    //            (to DS) and answers UpdateReady, or the update is refused
    //            at the deadline and nothing changes.
    // Replacing  RS ended the old version; its defect report starts the new.
    // Starting   the new version runs; answering a ping commits it. Ending
    //            first, or staying silent past the deadline, rolls back.
    // RollingBack the old version runs again; once it answers, the
    //            requester hears "rolled back".
    internal enum UpdatePhase { Preparing, Replacing, Starting, RollingBack }

    internal sealed class Update
    {
        public Update(int requester, byte[]? newImage, byte[]? oldImage)
        {
            Requester = requester;
            NewImage = newImage;
            OldImage = oldImage;
        }

        public int Requester { get; }
        public byte[]? NewImage { get; }     // null: the boot module again
        public byte[]? OldImage { get; }     // what ran before (null: the boot module)
        public UpdatePhase Phase { get; set; }
        public long DeadlineMs { get; set; }
    }
}
