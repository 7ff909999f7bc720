"""The engine's strongly connected components agree with networkx's on any small graph."""

import networkx as nx
from hypothesis import given, strategies as st

from planner.engine.cycles import strongly_connected

nodes = st.sampled_from([f"s{i}" for i in range(12)])
graphs = st.dictionaries(nodes, st.lists(nodes, max_size=4), max_size=12)


@given(graphs)
def test_components_are_the_same_as_networkx_finds(edges):
    graph = nx.DiGraph()
    graph.add_nodes_from(edges)
    graph.add_edges_from((a, b) for a, after in edges.items() for b in after if b in edges)
    expected = sorted(sorted(c) for c in nx.strongly_connected_components(graph))
    assert sorted(sorted(c) for c in strongly_connected(edges)) == expected


def test_a_long_chain_closing_on_itself_is_one_component_without_recursion():
    chain = {f"s{i}": [f"s{i + 1}"] for i in range(20_000)}
    chain["s20000"] = ["s0"]
    assert [len(c) for c in strongly_connected(chain)] == [20_001]
