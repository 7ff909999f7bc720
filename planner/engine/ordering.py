"""The order of the steps: phase by phase, each skill in one block, theory and practice taking
turns, what unlocks the most first."""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .curriculum import MAX_LEVEL
from .errors import CurriculumCycleError
from .graph import close_gap
from .index import CurriculumIndex
from .steps import LEVEL_BITS, LEVEL_MASK

# Tiers, in the order they are planned: the steps that make the first project possible, the
# job-ready levels of the skills those steps started (so they stay in one piece), the rest of
# job-ready, the rest of the core profile (proficient), nice-to-have.
FIRST_PROJECT, FINISH_STARTED, JOB_READY, PROFICIENT, NICE = range(5)
# Hours of study a started skill's next level may wait for its prerequisites before they are
# pulled forward (about ten weeks at 10 h a week).
MAX_STALL_HOURS = 100.0


@dataclass(frozen=True, slots=True)
class StepGraph:
    """The planned steps with their dependants, and the tier each belongs to.

    ``dependants``, ``waiting`` and ``tier`` are arrays indexed by step id (see graph.py);
    only the entries of planned steps mean anything. ``dependants[step]`` lists the planned
    steps of *other* skills that wait for ``step``, in step-id order (one waiting for it
    twice, through two prerequisite groups, is listed twice); besides them, the skill's next
    level waits for it when the plan teaches that level (``step + 1``, up to
    ``last_level``). ``waiting[step]`` counts the steps it waits for.
    """

    steps: tuple[int, ...]  # in step-id order: by skill slug, then level
    dependants: Sequence[list[int] | None]  # None: no dependants
    waiting: Sequence[int]
    tier: Sequence[int]
    # Per skill position, how many other planned skills wait directly for one of its steps.
    unlocks: Sequence[int]
    # Per skill position, the first level the plan teaches, and the last (0: none).
    first_level: Mapping[int, int]
    last_level: Sequence[int]
    # The practice skills that a planned theory step waits for directly (the tools theory is
    # practised in: NumPy for maths and ML).
    theory_tools: frozenset[int] = frozenset()
    # Per step id, the planned steps of other skills it waits for (besides the level below).
    prerequisites: Sequence[Sequence[int] | None] = ()
    # The role's hands-on workflow (see hands_on_workflow) closed under prerequisites within
    # job-ready: skill → the level up to which its steps are part of it or lead to it.
    workflow: Mapping[int, int] = field(default_factory=dict)
    # The workflow's own skills (see hands_on_workflow), without what they build on.
    workflow_skills: frozenset[int] = frozenset()
    # The role's supporting tools (see supporting_tools): they start right after the workflow.
    supporting: tuple[int, ...] = ()
    # The theory tools the role does not require itself (NumPy for a data scientist).
    lead_tools: frozenset[int] = frozenset()
    # The levels the first project practises, closed under prerequisites within job-ready.
    practised: Mapping[int, int] = field(default_factory=dict)
    # Tools the first project introduces without building on them (Git for the Titanic): their
    # next level comes after the hands-on workflow, not as a started skill before it.
    introduced: frozenset[int] = frozenset()


def step_graph(
    index: CurriculumIndex,
    current: list[int],
    need_ready: Mapping[int, int],
    need_core: Mapping[int, int],
    need_all: Mapping[int, int],
    first_project: Mapping[int, int] | None = None,
    own: Mapping[int, int] | None = None,
    first_practised: Mapping[int, int] | None = None,
) -> StepGraph:
    """The planned steps of ``need_all``, their edges and their tiers, in one pass per skill.

    Each ``need_*`` (and ``first_project``, a closure within ``need_ready``) is closed under
    prerequisites and contains the one before, so a step never waits for a later tier.
    ``own`` is the role's job-ready requirements (skill → entry level): its own tools (see
    own_tools: spreadsheets and SQL for a data analyst, not a data scientist's SQL and Git)
    join the skills the first project started, so a learner meets them in the first months
    rather than after shared skills the role needs less. ``first_practised`` is the levels the
    first project lists: the theory among them it left one short leads the role's hands-on
    workflow (hands_on_workflow), and a tool it introduces without building on it (Git) goes
    no further than that level until the workflow is done. The edges are those of
    graph.step_predecessors: the
    first planned step of a skill waits for every prerequisite with ``for_level`` up to its
    level, a later one for the level below and the prerequisites for its own level.
    """
    size = len(index.slugs) << LEVEL_BITS
    pairs_of, first_pairs_of = index.prerequisite_steps, index.prerequisite_steps_upto
    ids_of, first_ids_of = index.prerequisite_ids, index.prerequisite_ids_upto
    # Only the skills that require one the learner has started filter their prerequisites
    # by the learner's levels; for the others every prerequisite step is planned.
    required_by = index.required_by
    filtered = {p for q, level in enumerate(current) if level for p in required_by[q]}
    skills = sorted(need_all)
    # A list only for the steps that have dependants (many have none).
    dependants: list[list[int] | None] = [None] * size
    waiting = [0] * size
    prerequisites: list[Sequence[int] | None] = [None] * size
    unlocks = [0] * len(index.slugs)
    last_level = [0] * len(index.slugs)
    theory = index.theory
    theory_tools: set[int] = set()
    steps: list[int] = []
    for p in skills:
        last_level[p] = need_all[p]
        base = p << LEVEL_BITS
        first = current[p] + 1
        every = p not in filtered
        # The other skills this one waits for: with every prerequisite planned, those of its
        # levels up to the last planned.
        waited_for = {s >> LEVEL_BITS for s in first_ids_of[p][need_all[p]]} if every else set()
        before: Sequence[int]
        for level in range(first, need_all[p] + 1):
            step = base | level
            steps.append(step)
            if every:
                before = first_ids_of[p][level] if level == first else ids_of[p][level]
            else:
                if level == first:
                    before = [s for q, m, s in first_pairs_of[p][level] if m > current[q]]
                else:
                    before = [s for q, m, s in pairs_of[p][level] if m > current[q]]
                waited_for.update([earlier >> LEVEL_BITS for earlier in before])
            prerequisites[step] = before
            waiting[step] = len(before) + (level != first)
            for earlier in before:
                waiting_for_it = dependants[earlier]
                if waiting_for_it is None:
                    dependants[earlier] = [step]
                else:
                    waiting_for_it.append(step)
        for q in waited_for:
            unlocks[q] += 1
        if theory[p]:
            theory_tools.update(q for q in waited_for if not theory[q])
    # The role's hands-on workflow, and the theory the first project previewed, up to the
    # levels it lists (those it left one short: supervised learning, scikit-learn and model
    # evaluation 1 after the Titanic), which leads it, learnt properly while it is fresh; a
    # role without a workflow (only theory and foundations) has nothing for it to lead.
    workflow_skills = {
        p: need_ready[p]
        for p in hands_on_workflow(index, current, need_all, own or {})
        if p in need_ready
    }
    practised = (
        close_gap(
            index,
            current,
            {
                p: min(level, need_ready[p])
                for p, level in (first_practised or {}).items()
                if p in need_ready and index.theory[p]
            },
        )
        if workflow_skills
        else {}
    )
    introduced = _introduced_tools(
        index, first_project or {}, {**(first_practised or {}), **(first_project or {})}, own or {}
    )
    started = {
        p: need_ready[p] for p in (first_project or ()) if p in need_ready and p not in introduced
    }
    for p in own_tools(index, own or {}):
        if p in need_ready:
            started[p] = practised[p] = need_ready[p]
    if started:
        started = close_gap(index, current, started)
    tier = _tiers(
        size,
        current,
        (
            (need_core, PROFICIENT),
            (need_ready, JOB_READY),
            (started, FINISH_STARTED),
            (first_project or {}, FIRST_PROJECT),
        ),
    )
    return StepGraph(
        steps=tuple(steps),
        dependants=dependants,
        waiting=waiting,
        tier=tier,
        unlocks=unlocks,
        first_level={p: current[p] + 1 for p in need_all},
        last_level=last_level,
        theory_tools=frozenset(theory_tools),
        prerequisites=prerequisites,
        workflow=close_gap(index, current, workflow_skills, practised),
        workflow_skills=frozenset(workflow_skills),
        supporting=supporting_tools(index, own or {}) if workflow_skills else (),
        practised=practised,
        introduced=introduced,
        lead_tools=frozenset(p for p in theory_tools if p not in (own or {})),
    )


def hands_on_workflow(
    index: CurriculumIndex,
    current: Sequence[int],
    need_all: Mapping[int, int],
    own: Mapping[int, int],
) -> frozenset[int]:
    """The role's hands-on workflow among the planned skills: the practice skills it requires
    (``own``, soft skills aside) that build on a skill the learner lacks at the start and
    whose prerequisites, up to the planned level, are all practice skills.

    For a data scientist from nothing: data cleaning, visualisation and EDA (on pandas), not
    SQL or Git (they need nothing, and come as foundations) nor statistics (it builds on
    probability). A coach has them practised as soon as what they build on is learnt, before
    the next block of theory.
    """
    theory, soft, groups_of = index.theory, index.soft, index.prerequisites
    workflow = []
    for p in own:
        if p not in need_all or theory[p] or soft[p]:
            continue
        if _first_prerequisite_level(index, p, current) > current[p] + 1:
            continue  # needs nothing the learner lacks: a foundation, not a workflow step
        groups = groups_of[p]
        if not any(theory[q] for k in range(1, need_all[p] + 1) for q, _ in groups[k]):
            workflow.append(p)
    return frozenset(workflow)


def _tiers(size: int, current: list[int], covering) -> list[int]:
    """Each planned step's tier (an array indexed by step id): NICE, unless covered by the
    levels of one of ``covering``'s ``(levels, tier)`` pairs, the last that covers it wins."""
    tier = [NICE] * size
    for need, level_tier in covering:
        for p, top in need.items():
            base = p << LEVEL_BITS
            tier[base + current[p] + 1 : base + top + 1] = (level_tier,) * (top - current[p])
    return tier


def chain_hours(
    index: CurriculumIndex, current: list[int], need_all: Mapping[int, int], graph: StepGraph
) -> list[float]:
    """Per step (an array indexed by step id), the hours of the longest chain of planned steps
    that starts with it.

    Only dependants of the same tier or an earlier one count (the chain to what this phase
    needs). Computed backwards along the curriculum's topological order of skills, highest
    level first, so each dependant is done before the steps it waits for.
    """
    hours = index.hours
    rank = index.rank
    dependants = graph.dependants
    tier = graph.tier
    chain = [0.0] * len(tier)
    for p in sorted(need_all, key=rank.__getitem__, reverse=True):
        base = p << LEVEL_BITS
        step_hours = hours[p]
        top = need_all[p]
        for level in range(top, current[p], -1):
            step = base | level
            own = tier[step]
            # The skill's next level, then the other skills' steps waiting for this one.
            longest = chain[step + 1] if level < top and tier[step + 1] <= own else 0.0
            for after in dependants[step] or ():
                if tier[after] <= own and chain[after] > longest:
                    longest = chain[after]
            chain[step] = step_hours[level] + longest
    return chain


def order_steps(
    index: CurriculumIndex,
    graph: StepGraph,
    chain: Sequence[float],
    current: Sequence[int] | None = None,
) -> list[int]:
    """A topological order of the steps, chosen greedily among those ready.

    - Tiers in order (every tier is closed under prerequisites, so none waits for a later).
    - A skill's next level follows at once when it is ready and in the same tier, and a
      skill already started goes on before any new one: each skill is learnt in one block
      wherever the prerequisites allow. A started skill does not stall for long: when its
      next level (same tier) still waits for other steps after ``MAX_STALL_HOURS`` of
      study, those steps, and recursively what they wait for, are *pulled* — they come
      first in their kind's turn, after the started skills (statistics 1 for a programmer's
      supervised learning 1→2, which otherwise waited 40 weeks).
    - The hands-on workflow first (``graph.workflow``; a data scientist's cleaning,
      visualisation and EDA on pandas, with the statistics they need, led by the
      supervised learning, scikit-learn and model evaluation the Titanic previewed), before
      theory and practice take turns; within it, the workflow's own skills that can be
      learnt in one piece now (cleaning once pandas 1 is done) before what later ones build
      on (the statistics EDA needs), and what a started workflow skill waits for as soon as
      it stalls (``hurry``). While it goes on, a theory skill (or one built on
      one: statistics on probability) pauses at the level the workflow needs of it, and a
      tool the first project introduced (Git 0→1) at that level; when the workflow is done
      the role's supporting tools go on or start (Git 1→2, SQL), then the started skills
      whose next level waited meanwhile go on in the order they were held back, each with
      what it still waits for.
    - What a stalled skill waits for also comes before taking turns.
    - Otherwise theory and practice take turns (practice first: programming before maths),
      and within each: for practice, tools that need nothing the learner lacks at the start
      first (Python, Git; NumPy for someone who knows Python), and among them the tools
      theory is practised in (a direct prerequisite of a planned theory step: NumPy before
      a block of maths); then the skill that unlocks the most other planned skills, then
      the longest chain of hours it leads, then the skill's ``order`` among its siblings
      (``index.tie``: slug order when there is none), then slug and level.

    Deterministic. Raises CurriculumCycleError if the steps cannot all be placed (the index
    refuses cyclic curricula, so this is a safety net, not a loop).
    """
    tier = graph.tier
    dependants = graph.dependants
    last_level = graph.last_level
    waiting = list(graph.waiting)
    theory = index.theory
    unlocked = graph.unlocks
    tie = index.tie

    first_level = graph.first_level
    # Practice starts from the tools that need nothing the learner lacks (Python, Git,
    # spreadsheets; NumPy once Python is known): levels below a skill's first unmet
    # prerequisite. Theory starts from what unlocks the most (an intro ML course before more
    # maths).
    if current is not None and not any(current):
        current = None  # from nothing: the index has each skill's first such level
    needs_from = {
        p: _first_prerequisite_level(index, p, current)
        for p in first_level
        if not theory[p] and not index.soft[p]
    }
    # The tools theory is practised in (NumPy for maths and ML) come before the theory.
    theory_tools = graph.theory_tools
    workflow = graph.workflow
    practised = graph.practised
    lead_tools = graph.lead_tools

    # A theory skill (mathematics, ML, or one built on them: statistics on probability) may
    # pause at the level the hands-on workflow needs while that workflow goes on (see pause).
    groups_of = index.prerequisites
    # Per step: 0 the theory the first project previewed, 1 the workflow's own skills
    # (cleaning on pandas, while pandas is fresh), 2 what they build on (the statistics EDA
    # needs; ``workflow`` holds ``practised``), 3 anything else.
    hands_on = bytearray(b"\x03") * len(tier)
    workflow_left = 0
    own_workflow = graph.workflow_skills
    for p, top in workflow.items():
        base, previewed = p << LEVEL_BITS, practised.get(p, 0)
        builds_on = 2 - (p in own_workflow)
        for level in range(first_level[p], top + 1):
            hands_on[base | level] = builds_on if level > previewed else 0
            workflow_left += 1
    pausable: dict[int, bool] = {}

    def may_pause(p: int, level: int) -> bool:
        """Whether skill ``p``, at ``level``, reached what the workflow needs of it and is a
        theory skill or one built on one (statistics on probability)."""
        if workflow.get(p) != level:
            return False
        known = pausable.get(p)
        if known is None:
            known = pausable[p] = theory[p] or any(
                theory[q] for k in range(1, level + 1) for q, _ in groups_of[p][k]
            )
        return known

    placed = bytearray(len(tier))
    prerequisites = graph.prerequisites

    # Per skill: -1 once in_one_piece (placing more never undoes it), else the last step
    # found still to come (while it is, the answer stays no).
    blocker: dict[int, int] = {}

    def in_one_piece(p: int, level: int) -> bool:
        """Whether nothing the levels from ``level`` up to the workflow's waits for (besides
        the skill's own) is still to come: it can be learnt in one block from here."""
        known = blocker.get(p)
        if known is not None and (known < 0 or not placed[known]):
            return known < 0
        base = p << LEVEL_BITS
        for upto in range(level, workflow[p] + 1):
            for before in prerequisites[base | upto] or ():
                if not placed[before]:
                    blocker[p] = before
                    return False
        blocker[p] = -1
        return True

    # The steps a stalled skill's next level waits for (see pull).
    pulled = bytearray(len(tier))
    # The next levels paused while the hands-on workflow goes on (see pause).
    paused = bytearray(len(tier))
    # (hours studied by then, step): the next levels of started skills held back while the
    # workflow goes on, paused or waiting for a prerequisite; resumed in that order after it.
    held: list[tuple[float, int]] = []
    resume: deque[int] = deque()
    introduced = graph.introduced
    supporting = graph.supporting

    def priority(step: int) -> tuple[int, bool, int, bool, int | bool, bool, int, float, int, int]:
        p, level = step >> LEVEL_BITS, step & LEVEL_MASK
        # A skill already started goes on as soon as it can (one piece, not fragments), unless
        # paused for the workflow; the tools theory is practised in that the role does not ask
        # for itself (NumPy for a data scientist) come as soon as they can, like one started.
        # Then, before taking turns: the theory the first project previewed, the role's
        # hands-on workflow (see step_graph), what a stalled started skill waits for (see
        # pull). A tool the first project introduces without building on it (Git) is set up
        # last, just before the project, rather than first as a foundation.
        started = (level > first_level[p] and not paused[step]) or p in lead_tools
        foundation = level < needs_from.get(p, 0)
        hands = hands_on[step]
        if hands == 1 and level == first_level[p] and not in_one_piece(p, level):
            hands = 2  # it would stall halfway: it waits its turn like what it builds on
        return (
            tier[step], not started,
            hands,
            not pulled[step],
            2 if p in introduced else not foundation,
            not (foundation and p in theory_tools),
            -unlocked[p], -chain[step], tie[p], step,
        )  # fmt: skip

    # heaps[0] practice, heaps[1] theory
    heaps: tuple[list, list] = ([], [])

    def hasten(blocked: int, mark: bytearray, before: int, after: int) -> None:
        """Move up what ``blocked`` still waits for, down to the steps that are ready: each
        not placed yet whose ``mark`` is ``before`` gets ``after`` (see pull and hurry), and
        the ready ones are pushed again with their new priority (the old entry is dropped
        when it comes up)."""
        stack = [blocked]
        while stack:
            step = stack.pop()
            waits_for = prerequisites[step] or ()
            if step & LEVEL_MASK != first_level[step >> LEVEL_BITS]:
                waits_for = (step - 1, *waits_for)  # and the level below
            for earlier in waits_for:
                if placed[earlier] or mark[earlier] != before:
                    continue
                mark[earlier] = after
                if waiting[earlier]:
                    stack.append(earlier)
                else:
                    heapq.heappush(heaps[theory[earlier >> LEVEL_BITS]], priority(earlier))

    def pull(blocked: int) -> None:
        """What ``blocked`` (a stalled skill's next level) still waits for is pulled: it
        comes before taking turns."""
        hasten(blocked, pulled, 0, 1)

    def hurry(blocked: int) -> None:
        """What ``blocked`` (a started skill's next level, in the workflow) still waits for
        comes with the workflow's own skills rather than after them: a skill started for the
        workflow is finished before the next one starts (machine learning 3, on statistics 2,
        before deep learning)."""
        hasten(blocked, hands_on, 2, 1)

    def pause(after: int) -> None:
        """``after`` (a next level) waits, as a skill not yet started, until the hands-on
        workflow is done: a theory skill's level beyond what the workflow needs of it
        (statistics 1, then EDA and the first models, then statistics 2: descriptive
        statistics before inference), or the next level of a tool the first project
        introduced (Git 1→2)."""
        paused[after] = 1
        held.append((studied, after))

    def next_resumed(now: int) -> int | None:
        """The next step of the held-back skills to resume: the first not yet placed, or the
        first ready step of what it still waits for (depth first); one of a later tier than
        ``now`` waits for its tier in the heaps."""
        while resume:
            if tier[resume[0]] > now:
                resume.popleft()
                continue
            stack = [resume[0]]
            seen = set()
            while stack:
                step = stack.pop()
                if placed[step] or step in seen:
                    continue
                seen.add(step)
                if not waiting[step]:
                    return step
                stack.extend(reversed(_waits_for(graph, step)))
            resume.popleft()
        return None

    for step in graph.steps:
        if not waiting[step]:
            heaps[theory[step >> LEVEL_BITS]].append(priority(step))
    for heap in heaps:
        heapq.heapify(heap)
    order: list[int] = []
    step_hours = index.hours
    studied = 0.0
    # (hours studied by when, step): the next levels of started skills still waiting.
    stalled: deque[tuple[float, int]] = deque()
    last_theory = True  # so that practice comes first
    follow: int | None = None
    while True:
        next_step = follow if follow is not None else _next_from(heaps, last_theory, placed)
        if next_step is None:
            break
        step = next_step
        follow = None
        order.append(step)
        placed[step] = 1
        p, level = step >> LEVEL_BITS, step & LEVEL_MASK
        if hands_on[step] < 3:
            workflow_left -= 1
            if not workflow_left:
                # The workflow is done: the supporting tools go on (Git 1→2) or start (SQL),
                # then the started skills it held back, the longest waiting first, each with
                # what it still waits for (see next_resumed).
                for _, after in sorted(held):
                    if paused[after]:
                        paused[after] = 0
                        if not waiting[after]:
                            heapq.heappush(heaps[theory[after >> LEVEL_BITS]], priority(after))
                tools = [after for _, after in sorted(held) if after >> LEVEL_BITS in supporting]
                for tool in supporting:
                    first = tool << LEVEL_BITS | first_level.get(tool, 0)
                    if tool in first_level and not placed[first] and tier[first] <= JOB_READY:
                        tools.append(first)
                resume.extend(tools)
                resume.extend(after for _, after in sorted(held) if after not in tools)
        last_theory = theory[step >> LEVEL_BITS]
        for after in dependants[step] or ():
            waiting[after] -= 1
            if not waiting[after]:
                if workflow_left and may_pause(after >> LEVEL_BITS, (after & LEVEL_MASK) - 1):
                    pause(after)
                heapq.heappush(heaps[theory[after >> LEVEL_BITS]], priority(after))
        if level < last_level[p]:  # the skill's next level
            after = step + 1
            waiting[after] -= 1
            if not waiting[after]:
                if tier[after] != tier[step]:
                    if workflow_left and p in introduced:
                        pause(after)
                    heapq.heappush(heaps[theory[p]], priority(after))
                elif workflow_left and may_pause(p, level):
                    pause(after)
                    heapq.heappush(heaps[theory[p]], priority(after))
                else:
                    follow = after  # the skill's next level, at once
            elif tier[after] == tier[step]:
                stalled.append((studied + MAX_STALL_HOURS, after))
                if hands_on[after] < 3:
                    hurry(after)
                if workflow_left:
                    held.append((studied, after))
        if follow is None and resume:
            follow = next_resumed(tier[step])
        studied += step_hours[step >> LEVEL_BITS][step & LEVEL_MASK]
        # A started skill left waiting too long: what its next level waits for comes first.
        while stalled and stalled[0][0] <= studied:
            after = stalled.popleft()[1]
            if waiting[after] and not pulled[after]:
                pulled[after] = 1
                pull(after)
    if len(order) != len(graph.steps):
        raise CurriculumCycleError(["(steps could not be ordered)"])
    return order


def own_tools(index: CurriculumIndex, entry: Mapping[int, int]) -> list[int]:
    """The role's own tools: the practice skills it asks the most of to be job-ready (``entry``:
    skill → entry level; no skill asked for a higher level) that need no other skill up to that
    level — a data analyst's spreadsheets and SQL, whose job-ready profile peaks at its tools.
    A data scientist's SQL and Git (level 2, where statistics and supervised learning are
    asked at 3) are supporting tools: they come in their turn, after the hands-on workflow.
    """
    if not entry:
        return []
    peak = max(entry.values())
    theory, soft = index.theory, index.soft
    return [
        p
        for p, level in entry.items()
        if level == peak
        and not theory[p]
        and not soft[p]
        and _first_prerequisite_level(index, p) > level
    ]


def supporting_tools(index: CurriculumIndex, entry: Mapping[int, int]) -> tuple[int, ...]:
    """The role's supporting tools: the practice skills it requires that need no other skill
    up to the level it asks (``entry``), other than its own tools (see own_tools) — a data
    scientist's SQL and Git. One not started by the end of the hands-on workflow starts then,
    before theory and practice take turns: a coach has it in the first year, not left until
    every block of theory is done."""
    own = set(own_tools(index, entry))
    theory, soft = index.theory, index.soft
    return tuple(
        sorted(
            p
            for p, level in entry.items()
            if p not in own
            and not theory[p]
            and not soft[p]
            and _first_prerequisite_level(index, p) > level
        )
    )


def _introduced_tools(
    index: CurriculumIndex,
    first_project: Mapping[int, int],
    listed: Mapping[int, int],
    own: Mapping[int, int],
) -> frozenset[int]:
    """The tools the first project introduces: practice skills that need nothing up to the level
    it needs (``first_project``), that none of its skills (``listed`` and ``first_project``)
    builds on (Git beside Python and pandas), and that are not among the role's own tools (see
    own_tools)."""
    peak = set(own_tools(index, own))
    built_on = {
        q
        for p, level in listed.items()
        for k in range(1, level + 1)
        for q, _ in index.prerequisites[p][k]
    }
    return frozenset(
        p
        for p, level in first_project.items()
        if p not in peak
        and p not in built_on
        and not index.theory[p]
        and not index.soft[p]
        and _first_prerequisite_level(index, p) > level
    )


def _first_prerequisite_level(
    index: CurriculumIndex, p: int, current: Sequence[int] | None = None
) -> int:
    """The lowest level of the skill that needs another skill the learner does not have at
    the start (``current``; None: any other skill), MAX_LEVEL + 1 if none does."""
    if current is None:
        return index.first_prerequisite_level[p]
    groups = index.prerequisites[p]
    for k in range(1, MAX_LEVEL + 1):
        for q, m in groups[k]:
            if current[q] < m:
                return k
    return MAX_LEVEL + 1


def _waits_for(graph: StepGraph, step: int) -> list[int]:
    """The planned steps ``step`` waits for: the level below (when planned) and its
    prerequisite steps (all those up to its level for the skill's first planned level)."""
    if step & LEVEL_MASK == graph.first_level[step >> LEVEL_BITS]:
        return graph.prerequisites[step]  # type: ignore[return-value]
    return [step - 1, *graph.prerequisites[step]]  # type: ignore[misc]


def _next_from(heaps: tuple[list, list], last_theory: bool, placed: bytearray) -> int | None:
    """The best ready step, taking the other kind than the last one at the same tier
    (entries of steps already placed, left behind when a step was pulled, are dropped)."""
    for heap in heaps:
        while heap and placed[heap[0][-1]]:
            heapq.heappop(heap)
    practice, theory = heaps
    if not practice or not theory:
        if not practice and not theory:
            return None
        return heapq.heappop(practice or theory)[-1]
    best_practice, best_theory = practice[0], theory[0]
    if best_practice[:4] != best_theory[:4]:
        # An earlier tier, a started skill going on, the hands-on workflow, or what a stalled
        # skill waits for, before taking turns.
        earlier = practice if best_practice[:4] < best_theory[:4] else theory
        return heapq.heappop(earlier)[-1]
    return heapq.heappop(practice if last_theory else theory)[-1]
