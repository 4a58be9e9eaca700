export async function seedDemoNotes() {}
