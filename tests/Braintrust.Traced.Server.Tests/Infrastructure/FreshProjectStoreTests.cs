using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Tests.Infrastructure;

/// <summary>
/// Storage tests that talk to a store directly: one migrated store of the fixture's backend for the whole fixture,
/// one org, and a fresh project for every test, so tests never see each other's spans.
/// </summary>
/// <param name="clock">The store's clock (e.g. a fake one the test moves), else the system's.</param>
public abstract class FreshProjectStoreTests(StoreBackend backend, string orgPrefix, TimeProvider? clock = null)
{
    private TempDirectory _directory = null!;

    protected IStore Store { get; private set; } = null!;

    protected Org Org { get; private set; } = null!;

    protected string ProjectId { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateStore()
    {
        _directory = new TempDirectory();
        Store = await TestStores.CreateAsync(backend, _directory, clock);
        Org = await Store.CreateOrgAsync(orgPrefix + backend, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task DropStore()
    {
        await Store.DisposeAsync();
        _directory.Dispose();
    }

    [SetUp]
    public async Task FreshProject()
        => ProjectId = (await Store.GetOrCreateProjectAsync(Org.Id, "p-" + Guid.NewGuid().ToString("N"), null, CancellationToken.None)).Id;

    protected Task WriteAsync(params RowWrite[] rows) => Store.WriteAsync(rows, CancellationToken.None);
}
