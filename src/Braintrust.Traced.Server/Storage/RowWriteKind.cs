namespace Braintrust.Traced.Server.Storage;

/// <summary>What one validated row does to the stored state.</summary>
public enum RowWriteKind
{
    /// <summary>A full row (<c>_is_merge</c> false or absent): replaces the stored row.</summary>
    Replace,

    /// <summary><c>_is_merge: true</c>: deep-merges into the stored row (or waits for it as a partial row).</summary>
    Merge,

    /// <summary><c>_object_delete: true</c>: removes the row.</summary>
    Delete,

    /// <summary>A comment row (<c>origin.id</c> + <c>comment.text</c>): stored as a comment on the origin span.</summary>
    Comment,
}
